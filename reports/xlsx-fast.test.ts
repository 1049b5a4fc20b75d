// The fast writers of big workbooks (xlsx-fast.ts) write the same bytes as ExcelJS: the same
// rows, cells, style ids and shared strings, part for part of the file, for the values a
// work list holds and the awkward ones it might (markup, control characters, spaces to
// keep, empty text, numbers that are not whole, empty cells with and without a style), and
// texts given as strings or as SharedText.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeInto } from './files.ts';
import { DateCell, FastRowWriter, fastSharedStrings, SharedText, type FastCell } from './xlsx-fast.ts';
import { BORDER, FILLS, font, lookOf, Looks, put } from './xlsx-layout.ts';

type Value = string | number | Date | null;

const STYLES: Partial<ExcelJS.Style>[] = [
  { font: font({ size: 10 }), border: BORDER, alignment: { vertical: 'top' }, numFmt: '0' },
  { font: font({ size: 10 }), border: BORDER, alignment: { vertical: 'top', wrapText: true } },
  { font: font({ size: 10 }), border: BORDER, alignment: { vertical: 'top' }, numFmt: 'dd/mm/yyyy' },
  { font: font({ size: 10 }), border: BORDER, alignment: { vertical: 'top' }, numFmt: 'dd/mm/yyyy hh:mm' },
  // no number format: ExcelJS's style id depends on the first cell's type
  { font: font({ size: 10 }), border: BORDER },
  {},
  { font: font({ size: 10 }), fill: FILLS.finding, border: BORDER },
];

/** a cell's own style, instead of its column's, in every fifth row (the summary's highlighted lines) */
const OWN: Partial<ExcelJS.Style> = { font: font({ size: 10, bold: true }), border: BORDER, fill: FILLS.belowTarget };
const own = (k: number, c: number) => (k % 5 === 4 && c < 3 ? OWN : STYLES[c]!);

const ROWS: { values: Value[]; height?: number }[] = [
  { values: [1, 'P01', new Date(Date.UTC(2020, 9, 1)), new Date(Date.UTC(2020, 9, 8, 17, 0)), 3.5, 'Công văn', null] },
  { values: [2, '<b>&"quoted" \'x\'</b>', new Date(Date.UTC(1999, 11, 31)), null, -1, null, null], height: 26 },
  { values: [3, ' leading space', null, new Date(Date.UTC(2021, 0, 1, 7, 59, 59)), 1e21, '', 'x'] },
  { values: [4, 'trailing space ', new Date(Date.UTC(2100, 0, 1)), null, 0.1 + 0.2, 'a\nb', null] },
  { values: [5, 'control \u0001\u0008\u000b\u001f\u007f chars', null, null, 2 ** 31, 'P01', null], height: 39 },
  { values: [6, 'Công văn', null, null, Number.NaN, '=HYPERLINK("http://x","y")', null] },
  // nothing at all: not written; nothing but a height: written, empty
  { values: [null, null, null, null, null, null, null] },
  { values: [null, null, null, null, null, null, null], height: 20 },
  { values: [] },
  { values: [7, 'Tổng hợp', null, null, 12345678901234, 'short'] },
  { values: [0, 'P01'] },
  // enough distinct texts for a table of shared strings written in several pieces
  ...Array.from({ length: 3_000 }, (_, k) => ({ values: [8 + k, `${k}/UBND-VP`, null, null, k / 7, `14758-2020-${String(k).padStart(8, '0')}`, k % 2 ? 'x' : null] as Value[] })),
];

/** the fast writer's cells: dates as DateCell; the texts of one column as SharedText, one object per text */
function fastCells(): (v: Value, c: number) => FastCell {
  const shared = new Map<string, SharedText>();
  return (v, c) => {
    if (v instanceof Date) return new DateCell(v);
    if (typeof v === 'string' && c === 5) {
      let t = shared.get(v);
      if (!t) shared.set(v, (t = new SharedText(v)));
      return t;
    }
    return v;
  };
}

/** A workbook as the inspection workbook is written: a sheet before, a header row, the list, a total line after. */
async function workbook(fast: boolean): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const when = new Date('2020-11-06T01:00:00Z');
  await writeInto(out, async (stream) => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
    wb.created = when;
    wb.modified = when;
    if (fast) fastSharedStrings(wb);
    const before = wb.addWorksheet('Trước');
    before.getCell('A1').value = 'Công văn';
    before.getCell('A1').font = font({ bold: true });
    before.getCell('B1').value = 'trailing space ';
    before.getRow(1).commit();
    before.commit();
    const ws = wb.addWorksheet('Danh sách');
    ws.columns = STYLES.map((style) => ({ width: 10, style }));
    ws.getCell('A1').value = 'STT';
    ws.getRow(1).commit();
    if (fast) {
      const list = new FastRowWriter(wb, ws, STYLES, 2);
      const toFast = fastCells();
      for (const [k, r] of ROWS.entries()) {
        list.write(r.values.map(toFast), r.height, k % 5 === 4 ? STYLES.map((_, c) => own(k, c)) : undefined);
        // now and then: written into the sheet's stream; waiting for the zip to take all of it
        if (k % 4 === 1) list.flush();
        if (k % 4 === 3) await list.pause(0);
      }
      list.finish();
    } else {
      ROWS.forEach((r, k) => {
        const row = ws.getRow(2 + k);
        r.values.forEach((v, c) => {
          const cell = row.getCell(c + 1);
          cell.value = v;
          cell.style = own(k, c);
        });
        if (r.height) row.height = r.height;
        row.commit();
      });
    }
    const total = ws.getRow(2 + ROWS.length);
    total.getCell(3).value = `Tổng số: ${ROWS.length} văn bản`;
    total.getCell(3).font = font({ bold: true });
    total.commit();
    ws.commit();
    await wb.commit();
  });
  return Buffer.concat(chunks);
}

async function parts(file: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(file);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort()) out[name] = await zip.file(name)!.async('string');
  return out;
}

describe('FastRowWriter and fastSharedStrings', () => {
  it('write every part of the file as ExcelJS does, byte for byte', async () => {
    const [reference, fast] = await Promise.all([workbook(false).then(parts), workbook(true).then(parts)]);
    expect(Object.keys(fast)).toEqual(Object.keys(reference));
    for (const name of Object.keys(reference)) expect(fast[name], name).toBe(reference[name]);
    // the parts this is about are there, with what they are about
    expect(reference['xl/worksheets/sheet2.xml']).toContain('<row r="9" ht="20" customHeight="1" spans="1:7" x14ac:dyDescent="0.25">');
    expect(reference['xl/worksheets/sheet2.xml']).not.toContain('<row r="8"');
    expect(reference['xl/sharedStrings.xml']).toContain('<t xml:space="preserve"> leading space</t>');
    expect(reference['xl/sharedStrings.xml']).toContain('&lt;b&gt;&amp;&quot;quoted&quot; &apos;x&apos;&lt;/b&gt;');
  });

  it('reads back as the same cells', async () => {
    const read = async (file: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(new Uint8Array(file).buffer);
      const ws = wb.getWorksheet('Danh sách')!;
      const rows: unknown[][] = [];
      ws.eachRow({ includeEmpty: true }, (row) => rows.push([row.number, row.height, ...STYLES.map((_, c) => {
        const cell = row.getCell(c + 1);
        return [cell.value instanceof Date ? cell.value.toISOString() : cell.value, cell.numFmt ?? null, cell.border?.left?.style ?? null];
      })]));
      return rows;
    };
    const fast = await read(await workbook(true));
    expect(fast).toEqual(await read(await workbook(false)));
    expect(fast[1]).toEqual([2, undefined, [1, '0', 'thin'], ['P01', null, 'thin'], ['2020-10-01T00:00:00.000Z', 'dd/mm/yyyy', 'thin'], ['2020-10-08T17:00:00.000Z', 'dd/mm/yyyy hh:mm', 'thin'], [3.5, null, 'thin'], ['Công văn', null, null], [null, null, 'thin']]);
  });

  it('refuses a sheet whose earlier rows are not committed', async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough(), useStyles: true, useSharedStrings: true });
    const ws = wb.addWorksheet('x');
    ws.getCell('A1').value = 1;
    expect(() => new FastRowWriter(wb, ws, STYLES, 2)).toThrow(/commit the sheet's rows before row 2/);
    const inline = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough(), useStyles: true, useSharedStrings: false }).addWorksheet('y');
    expect(() => new FastRowWriter(wb, inline, STYLES, 1)).toThrow(/shared strings/);
  });
});

describe('lookOf and Looks', () => {
  it('give what put() gives a new cell: its value and its style', () => {
    const ws = new ExcelJS.Workbook().addWorksheet('x');
    const values = [null, undefined, '', 'text', '=1+1', ' x\u0001', 0, 1.5, -2, new Date(Date.UTC(2020, 9, 1))];
    const styles = [
      {}, { noData: true }, { numFmt: '0.0%' }, { numFmt: '0.0%', noData: true }, { alignment: { vertical: 'middle' as const, horizontal: 'right' as const } },
      { alignment: { vertical: 'middle' as const }, noData: true }, { border: true }, { fill: FILLS.belowTarget, border: true }, { font: { bold: true, size: 10 } },
    ];
    const looks = new Looks();
    let r = 0;
    for (const style of styles) {
      for (const value of values) {
        const cell = put(ws.getRow(++r), 1, value, style);
        const look = lookOf(value, style);
        expect({ value: look.value, style: look.style }, `${JSON.stringify(value)} ${JSON.stringify(style)}`).toEqual({ value: cell.value, style: cell.style });
        // and one shared object per look
        const shared = looks.of(value, style);
        expect(shared).toEqual(look);
        expect(looks.of(value, style).style).toBe(shared.style);
      }
    }
  });
});
