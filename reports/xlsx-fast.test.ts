// The workbook writer of the big reports (xlsx-fast.ts) against ExcelJS's public streaming
// API writing the same workbook through the same layout code (xlsx-fast-exceljs.ts): read
// back with ExcelJS's reader, every cell's value, type, number format, font, fill, border
// and alignment, every row height, column width and style, merged cell, frozen pane, print
// set-up and auto-filter are the same; LibreOffice opens both and shows the same text in
// every cell (numbers and dates through their formats); the project's own XLSX reader reads
// a register written with it. The values are the ones a work list holds and the awkward
// ones it might (markup, control characters, spaces to keep, line breaks, numbers that are
// not whole), and the writer refuses what it would not write, and stops when its output does.
import ExcelJS from 'exceljs';
import { DuckDBInstance } from '@duckdb/node-api';
import JSZip from 'jszip';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { planColumns } from '../ingest/mapping/resolve.ts';
import { readXlsx } from '../ingest/formats/xlsx.ts';
import { CANONICAL_HEADER } from '../test/helpers/exports.ts';
import { FORMATS } from './cells.ts';
import { writeInto } from './files.ts';
import { ExcelJsBook } from './xlsx-fast-exceljs.ts';
import { readLooks, type SheetLook } from './xlsx-fast-readback.ts';
import { DateCell, SharedText, XlsxWriter, type FastCell, type XlsxBook, type XlsxSheet } from './xlsx-fast.ts';
import { banner, BORDER, CENTER, documentHeader, FILLS, font, lookOf, Looks, put, sheetOptions, writeDefinitions } from './xlsx-layout.ts';

type Value = string | number | Date | null;

const LIST_STYLES: Partial<ExcelJS.Style>[] = [
  { font: font({ size: 10 }), border: BORDER, alignment: { vertical: 'top' }, numFmt: '0' },
  { font: font({ size: 10 }), border: BORDER, alignment: { vertical: 'top', wrapText: true } },
  { font: font({ size: 10 }), border: BORDER, alignment: { vertical: 'top' }, numFmt: FORMATS.date },
  { font: font({ size: 10 }), border: BORDER, alignment: { vertical: 'top' }, numFmt: FORMATS.dateTime },
  { font: font({ size: 10 }), border: BORDER },
  {},
  { font: font({ size: 10 }), fill: FILLS.finding, border: BORDER, alignment: { vertical: 'top', wrapText: true } },
];

/** a cell's own style, instead of its column's, in every fifth row (the summary's highlighted lines) */
const OWN: Partial<ExcelJS.Style> = { font: font({ size: 10, bold: true }), border: BORDER, fill: FILLS.belowTarget };
const own = (k: number, c: number) => (k % 5 === 4 && c < 3 ? OWN : LIST_STYLES[c]!);

const ROWS: { values: Value[]; height?: number }[] = [
  { values: [1, 'P01', new Date(Date.UTC(2020, 9, 1)), new Date(Date.UTC(2020, 9, 8, 17, 0)), 3.5, 'Công văn', null] },
  { values: [2, '<b>&"quoted" \'x\'</b>', new Date(Date.UTC(1999, 11, 31)), null, -1, null, null], height: 26 },
  { values: [3, ' leading space', null, new Date(Date.UTC(2021, 0, 1, 7, 59, 59)), 1e21, 'x', 'x'] },
  { values: [4, 'trailing space ', new Date(Date.UTC(2100, 0, 1)), null, 0.1 + 0.2, 'a\nb', null] },
  { values: [5, 'control \u0001\u0008\u000b\u001f\u007f chars', null, null, 2 ** 31, 'P01', null], height: 39 },
  { values: [6, 'Công văn', null, null, 2.5, '=HYPERLINK("http://x","y")', null] },
  // nothing at all: not written; nothing but a height: written, empty
  { values: [null, null, null, null, null, null, null] },
  { values: [null, null, null, null, null, null, null], height: 20 },
  { values: [] },
  { values: [7, 'Tổng hợp', null, null, 12345678901234, 'short'] },
  { values: [0, 'P01'] },
  // enough distinct texts for a table of shared strings written in several pieces
  ...Array.from({ length: 3_000 }, (_, k) => ({ values: [8 + k, `${k}/UBND-VP`, null, null, k / 7, `14758-2020-${String(k).padStart(8, '0')}`, k % 2 ? 'x' : null] as Value[] })),
];

/** the rows' cells: dates as DateCell; the texts of one column as SharedText, one object per text */
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

const SUMMARY = [
  { width: 5 }, { width: 30 }, { width: 9, numFmt: FORMATS.count }, { width: 9, numFmt: FORMATS.rate }, { width: 8, numFmt: FORMATS.score }, { width: 9, numFmt: FORMATS.change },
];
const LINES: (string | number | null)[][] = [
  [1, 'Sở Nội vụ', 1234, 0.125, 0.87654321, 0.05],
  [2, 'Huyện Thường Xuân, tên dài để xuống dòng trong ô', 0, null, null, -0.1],
  [3, 'Văn phòng UBND tỉnh', 56, 1, 1, 0],
];

/**
 * One workbook as the inspection workbook is written, through the layout helpers and
 * XlsxBook only: a cover of merged cells, a summary of highlighted lines with rate, count,
 * score and change formats, a list with column styles, a frozen header, an auto-filter
 * and a total line, the definitions.
 */
async function layout<S extends XlsxSheet>(book: XlsxBook<S>): Promise<void> {
  const cover = book.addWorksheet('Bìa', sheetOptions());
  cover.columns = [{ width: 30 }, { width: 30 }, { width: 30 }, { width: 40 }];
  documentHeader(cover, [1, 2], [3, 4], 'UBND TỈNH THANH HÓA', 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG');
  banner(cover, 5, 1, 4, 'SỐ LIỆU PHỤC VỤ KIỂM TRA', { bold: true, size: 14 });
  [['Kỳ kiểm tra', 'Tháng 10 năm 2020'], ['Nguồn dữ liệu', 'a: cập nhật\nb: chưa nạp']].forEach(([k, v], i) => {
    cover.mergeCells(8 + i, 2, 8 + i, 4);
    const row = cover.getRow(8 + i);
    put(row, 1, k, { font: { bold: true }, border: true, alignment: { vertical: 'top', wrapText: true } });
    put(row, 2, v, { border: true, alignment: { vertical: 'top', wrapText: true } });
    row.height = 16 * v!.split('\n').length;
  });
  cover.commit();

  const summary = book.addWorksheet('Tổng hợp', sheetOptions('4:4', 4));
  // width 9 is ExcelJS's default width, and left out by both
  summary.columns = SUMMARY.map((c) => ({ width: c.width }));
  banner(summary, 1, 1, SUMMARY.length, 'TỔNG HỢP', { bold: true, size: 13 });
  const head = summary.getRow(4);
  SUMMARY.forEach((_, i) => put(head, i + 1, `Cột ${i + 1}`, { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.header }));
  head.height = 45;
  const heading = summary.getRow(5);
  for (let c = 1; c <= SUMMARY.length; c++) put(heading, c, null, { border: true, fill: FILLS.section });
  put(heading, 1, 'I. CÁC SỞ', { font: { bold: true, size: 10 }, border: true, fill: FILLS.section });
  summary.mergeCells(5, 1, 5, SUMMARY.length);
  heading.commit();
  const lines = book.rows(summary, SUMMARY.map(() => ({})), 6);
  const looks = new Looks();
  for (const [k, line] of LINES.entries()) {
    const cells = line.map((v, i) => looks.of(v, {
      font: { size: 10, bold: k === 1 },
      ...(SUMMARY[i]!.numFmt ? { numFmt: SUMMARY[i]!.numFmt } : {}),
      alignment: i === 1 ? { vertical: 'middle', wrapText: true } : { vertical: 'middle', horizontal: typeof v === 'number' ? 'right' : 'center' },
      border: true, noData: i === 3,
      ...(k === 0 ? { fill: FILLS.belowTarget } : {}),
    }));
    lines.write(cells.map((l) => (l.value instanceof Date ? new DateCell(l.value) : l.value)), 28, cells.map((l) => l.style));
  }
  lines.finish();
  summary.commit();

  const list = book.addWorksheet('Danh sách', sheetOptions('3:3', 3));
  list.columns = LIST_STYLES.map((style, i) => ({ width: 10 + i, style }));
  banner(list, 1, 1, LIST_STYLES.length, 'DANH SÁCH VĂN BẢN CẦN KIỂM TRA', { bold: true, size: 13 });
  list.getRow(1).commit();
  const listHead = list.getRow(3);
  LIST_STYLES.forEach((_, i) => put(listHead, i + 1, `Cột ${i + 1}`, { font: { bold: true, size: 10 }, alignment: CENTER, border: true, fill: FILLS.header }));
  listHead.height = 40;
  listHead.commit();
  list.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: LIST_STYLES.length } };
  const rows = book.rows(list, LIST_STYLES, 4);
  const toFast = fastCells();
  for (const [k, r] of ROWS.entries()) {
    rows.write(r.values.map(toFast), r.height, k % 5 === 4 ? LIST_STYLES.map((_, c) => own(k, c)) : undefined);
    if (k % 50 === 49) await rows.pause();
  }
  rows.finish();
  const total = list.getRow(rows.nextRow);
  total.getCell(1).value = null;
  total.getCell(3).value = `Tổng số: ${ROWS.length} văn bản`;
  total.getCell(3).font = font({ size: 10, bold: true });
  total.commit();
  list.commit();

  writeDefinitions(book.addWorksheet('Định nghĩa', sheetOptions()), 'ĐỊNH NGHĨA', [['Tỷ lệ', 'Số văn bản gửi điện tử chia cho số văn bản đi.'], ['Điểm', 'Trung bình của ba tỷ lệ.']], true);
  await book.commit();
}

const META = { creator: 'Directive 15 monitor', created: new Date('2020-11-06T01:00:00Z') };

async function workbook(writer: 'xlsx-fast' | 'exceljs'): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeInto(out, (stream) => (writer === 'exceljs' ? layout(new ExcelJsBook(stream, META)) : layout(new XlsxWriter(stream, META))));
  return Buffer.concat(chunks);
}

const dir = mkdtempSync(join(tmpdir(), 'cds-xlsx-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('XlsxWriter', () => {
  it('writes what ExcelJS writes for the same layout, read back cell by cell with ExcelJS', async () => {
    const [fast, reference] = await Promise.all([workbook('xlsx-fast').then(readLooks), workbook('exceljs').then(readLooks)]);
    expect(fast.map((s) => s.name)).toEqual(['Bìa', 'Tổng hợp', 'Danh sách', 'Định nghĩa']);
    for (const [i, sheet] of reference.entries()) {
      const mine = fast[i]!;
      for (const key of ['columns', 'merges', 'views', 'pageSetup', 'headerFooter', 'autoFilter'] as const) expect(mine[key], `${sheet.name}: ${key}`).toEqual(sheet[key]);
      expect(mine.rows.length, sheet.name).toBe(sheet.rows.length);
      sheet.rows.forEach((row, r) => expect(mine.rows[r], `${sheet.name} row ${row.number}`).toEqual(row));
    }

    // and what it is about is there
    const [, summary, list] = fast as [SheetLook, SheetLook, SheetLook];
    const cell = (s: SheetLook, address: string) => s.rows.flatMap((r) => r.cells).find((c) => c.address === address);
    expect(cell(summary, 'D6')).toMatchObject({ type: 'Number', value: 0.125, style: { numFmt: '0.0%', fill: { fgColor: { argb: 'FFF8CBAD' } } } });
    expect(cell(summary, 'C6')).toMatchObject({ value: 1234, style: { numFmt: '#,##0', alignment: { horizontal: 'right', vertical: 'middle' } } });
    expect(cell(summary, 'D7')).toMatchObject({ value: '—', style: { alignment: { horizontal: 'center' } } });
    expect(cell(summary, 'F7')).toMatchObject({ value: -0.1, style: { numFmt: '+0.0%;-0.0%;0.0%' } });
    expect(summary.merges).toEqual(['A1:F1', 'A5:F5']);
    expect(summary.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 4 })]);
    expect(summary.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' });
    expect(summary.columns.slice(0, 3).map((c) => c.width)).toEqual([5, 30, null]);
    expect(cell(list, 'C4')).toMatchObject({ type: 'Date', value: '2020-10-01T00:00:00.000Z', style: { numFmt: 'dd/mm/yyyy', border: { left: { style: 'thin' } } } });
    expect(cell(list, 'B5')).toMatchObject({ value: '<b>&"quoted" \'x\'</b>' });
    expect(cell(list, 'B6')).toMatchObject({ value: ' leading space' });
    expect(cell(list, 'B8')).toMatchObject({ value: 'control  chars' });
    expect(cell(list, 'F9')).toMatchObject({ type: 'String', value: '=HYPERLINK("http://x","y")' });
    expect(cell(list, 'A8')).toMatchObject({ style: { font: { bold: true }, fill: { fgColor: { argb: 'FFF8CBAD' } } } });
    expect(list.rows.find((r) => r.number === 10)).toMatchObject({ height: null, cells: [] });
    expect(list.rows.find((r) => r.number === 11)).toMatchObject({ height: 20 });
    expect(list.autoFilter).toBe('A3:G3');
    expect(list.pageSetup).toMatchObject({ printTitlesRow: '3:3' });
    const last = list.rows.at(-1)!;
    expect(last.cells.filter((c) => c.value !== null).map((c) => [c.address, c.value])).toEqual([[`C${last.number}`, `Tổng số: ${ROWS.length} văn bản`]]);
    expect(cell(list, `C${last.number}`)).toMatchObject({ style: { font: { bold: true, size: 10 }, border: { left: { style: 'thin' } }, alignment: { vertical: 'top' }, numFmt: 'dd/mm/yyyy' } });
  }, 60_000);

  it('writes its shared strings once each, and only the parts a workbook needs', async () => {
    const zip = await JSZip.loadAsync(await workbook('xlsx-fast'));
    expect(Object.keys(zip.files).sort()).toEqual([
      '[Content_Types].xml', '_rels/.rels', 'docProps/app.xml', 'docProps/core.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml',
      'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet3.xml', 'xl/worksheets/sheet4.xml',
    ]);
    const sst = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(sst.match(/<si>/g)!.length).toBe(Number(/uniqueCount="(\d+)"/.exec(sst)![1]));
    expect(sst.split('<t>P01</t>').length).toBe(2);
    expect(sst).toContain('<t xml:space="preserve"> leading space</t>');
    expect(sst).toContain('&lt;b&gt;&amp;&quot;quoted&quot; &apos;x&apos;&lt;/b&gt;');
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dc:creator>Directive 15 monitor</dc:creator>');
    expect(core).toContain('2020-11-06T01:00:00Z');
  });

  it('is read by the project’s own XLSX reader: a register with title rows, text, dates and times', async () => {
    const header = CANONICAL_HEADER.split(',');
    const path = join(dir, 'register.xlsx');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const n = 2_500;
    await writeInto(out, async (stream) => {
      const book = new XlsxWriter(stream, META);
      const ws = book.addWorksheet('Sổ đăng ký');
      banner(ws, 1, 1, header.length, 'SỔ ĐĂNG KÝ VĂN BẢN');
      const head = ws.getRow(3);
      header.forEach((h, i) => put(head, i + 1, h));
      head.commit();
      const styles = header.map((h) => (h === 'doc_date' || h === 'deadline' ? { numFmt: FORMATS.date } : h.endsWith('_time') ? { numFmt: FORMATS.dateTime } : {}));
      const rows = book.rows(ws, styles, 4);
      for (let i = 0; i < n; i++) {
        rows.write(['381', `VB-${i}`, i % 2 ? 'out' : 'in', `${i + 1}/QĐ-UBND “trích yếu” ${'Thường Xuân '.repeat(i % 5)}`.trim(), 'Quyết định', new DateCell(new Date(Date.UTC(2020, 6, 1 + (i % 28)))),
          new DateCell(new Date(Date.UTC(2020, 6, 1 + (i % 28), 8, i % 60))), 'normal', 'electronic', i % 2 ? 'true' : null, null, null]);
        if (i % 500 === 499) await rows.pause();
      }
      rows.finish();
      await book.commit();
    });
    writeFileSync(path, Buffer.concat(chunks));
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const result = await readXlsx(conn, { seq: 1, path, name: 'register.xlsx', format: 'xlsx' }, (h) => planColumns(h, undefined, 'register.xlsx'));
      expect(result.headers).toEqual(header);
      const got = (await conn.runAndReadAll(`SELECT row_no::INTEGER, row_error, doc_id, number, doc_date, event_time, signed FROM ${result.relation} ORDER BY row_no`)).getRows();
      expect(got).toHaveLength(n);
      got.forEach((row, i) => {
        const day = String(1 + (i % 28)).padStart(2, '0');
        expect(row).toEqual([4 + i, null, `VB-${i}`, `${i + 1}/QĐ-UBND “trích yếu” ${'Thường Xuân '.repeat(i % 5)}`.trim(), `2020-07-${day}`, `2020-07-${day} 08:${String(i % 60).padStart(2, '0')}:00`, i % 2 ? 'true' : '']);
      });
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('shows a date in a cell without a number format as a date (the short-date format)', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeInto(out, async (stream) => {
      const book = new XlsxWriter(stream, META);
      const ws = book.addWorksheet('x');
      ws.getRow(1).getCell(1).value = new Date(Date.UTC(2020, 1, 29));
      ws.commit();
      const rows = book.rows(book.addWorksheet('y'), [{ font: font() }], 1);
      rows.write([new DateCell(new Date(Date.UTC(2020, 1, 29, 12)))]);
      rows.finish();
      await book.commit();
    });
    const [x, y] = await readLooks(Buffer.concat(chunks));
    expect(x!.rows[0]!.cells[0]).toMatchObject({ type: 'Date', value: '2020-02-29T00:00:00.000Z', style: { numFmt: 'mm-dd-yy' } });
    expect(y!.rows[0]!.cells[0]).toMatchObject({ type: 'Date', value: '2020-02-29T12:00:00.000Z', style: { numFmt: 'mm-dd-yy', font: { name: 'Times New Roman' } } });
  });

  it('gives each distinct text one id, in the order first written, through a table of shared strings of several MB', async () => {
    // 80,000 distinct texts (a few MB of XML, several pieces of it), each written twice (the
    // second time in another order), plus texts that differ only in a character or its form
    const distinct = Array.from({ length: 80_000 }, (_, k) => `${k % 7 ? 'Văn bản' : 'Quyết định'} số ${k}/UBND-VP · dòng ${(k * 7919) % 100_003}`);
    const tricky = ['a', 'b', 'ab', 'ba', '', ' ', 'Đ', 'Đ'.normalize('NFD'), 'ò', 'o\u0300', '\u{1F600}', 'x'.repeat(70_000)].filter((t) => t !== '');
    const order = [...distinct, ...tricky, ...distinct.map((_, k) => distinct[(k * 31) % distinct.length]!), ...tricky.reverse()];
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeInto(out, async (stream) => {
      const book = new XlsxWriter(stream, META);
      const rows = book.rows(book.addWorksheet('x'), [{}], 1);
      for (const t of order) rows.write([t]);
      rows.finish();
      await book.commit();
    });
    const zip = await JSZip.loadAsync(Buffer.concat(chunks));
    const sst = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(sst.length).toBeGreaterThan(4 << 20);
    const unescape = (x: string) => x.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    const texts = [...sst.matchAll(/<si><t(?: xml:space="preserve")?>(.*?)<\/t><\/si>/gs)].map((m) => unescape(m[1]!));
    expect(texts).toEqual([...new Set(order)]);
    expect(/count="(\d+)" uniqueCount="(\d+)"/.exec(sst)!.slice(1)).toEqual([String(order.length), String(texts.length)]);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const ids = [...sheet.matchAll(/<c r="A\d+" t="s"><v>(\d+)<\/v><\/c>/g)].map((m) => Number(m[1]));
    expect(ids.map((id) => texts[id])).toEqual(order);
  }, 60_000);

  it('refuses what it would not write, rather than leaving it out', async () => {
    const book = new XlsxWriter(new PassThrough(), META);
    const ws = book.addWorksheet('x');
    expect(() => { ws.getRow(1).getCell(1).value = { formula: 'A2' }; }).toThrow(/only text, numbers and dates/);
    expect(() => { ws.getRow(1).getCell(1).value = Number.NaN; }).toThrow(/NaN is not a number/);
    ws.getRow(1).getCell(1).value = 1;
    expect(() => book.rows(ws, LIST_STYLES, 2)).toThrow(/commit the rows before row 2/);
    ws.getRow(1).commit();
    expect(() => ws.getRow(1)).toThrow(/row 1 is written already/);
    const rows = book.rows(ws, LIST_STYLES, 2);
    expect(() => rows.write([Number.POSITIVE_INFINITY])).toThrow(/Infinity is not a number/);
    expect(() => rows.write([1], undefined, [{ fill: { type: 'gradient', gradient: 'angle', degree: 0, stops: [] } }])).toThrow(/gradient fills are not written/);
    expect(() => book.addWorksheet('y', { properties: { tabColor: { argb: 'FF0000' } } } as never)).toThrow(/properties not written/);
    expect(() => book.addWorksheet('x')).toThrow(/exists already/);
  });

  it('stops with an error, not hanging, when its output goes away halfway (a client gone)', async () => {
    const out = new PassThrough();
    let received = 0;
    out.on('data', (c: Buffer) => {
      received += c.length;
      if (received > 1 << 20) out.destroy();
    });
    const book = new XlsxWriter(out, META);
    const ws = book.addWorksheet('x');
    ws.columns = [{ width: 10 }];
    ws.getRow(1).getCell(1).value = 'x';
    ws.getRow(1).commit();
    const rows = book.rows(ws, [{}, {}], 2);
    const run = async () => {
      // far more than the output takes before it closes
      for (let i = 0; i < 2_000_000; i++) {
        rows.write([i, `text number ${i} that does not repeat ${i * 7}`]);
        if (i % 256 === 255) await rows.pause();
      }
    };
    await expect(run()).rejects.toThrow(/closed before the workbook was written|destroyed|premature/i);
  }, 60_000);
});

describe('XlsxWriter’s output in LibreOffice', () => {
  const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
  const office = ['libreoffice', 'soffice'].find(onPath);
  if (!office) {
    it('needs LibreOffice', () => {
      throw new Error('LibreOffice is not installed: apt-get install -y --no-install-recommends libreoffice-calc fonts-liberation2 poppler-utils (.ci/run does)');
    });
    return;
  }

  /** Every sheet as CSV, as LibreOffice shows its cells (numbers and dates through their formats). */
  const csvSheets = (name: string, file: Buffer): Record<string, string> => {
    const sub = join(dir, name);
    rmSync(sub, { recursive: true, force: true });
    const xlsx = join(dir, `${name}.xlsx`);
    writeFileSync(xlsx, file);
    // UTF-8 (76), every sheet (-1) into <name>-<sheet>.csv, cells as shown (formatted)
    const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';
    const run = spawnSync(office, [`-env:UserInstallation=file://${join(dir, `profile-${name}`)}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', sub, xlsx], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    return Object.fromEntries(readdirSync(sub).sort().map((f) => [f.normalize('NFC'), readFileSync(join(sub, f), 'utf8')]));
  };

  it('opens it and shows every cell as in the same workbook written by ExcelJS', async () => {
    const [fast, reference] = await Promise.all([workbook('xlsx-fast'), workbook('exceljs')]);
    const mine = csvSheets('fast', fast);
    const theirs = csvSheets('reference', reference);
    expect(Object.keys(mine)).toEqual(['fast-Bìa.csv', 'fast-Danh sách.csv', 'fast-Tổng hợp.csv', 'fast-Định nghĩa.csv']);
    expect(Object.values(mine)).toEqual(Object.values(theirs));
    const summary = mine['fast-Tổng hợp.csv']!;
    expect(summary).toContain('1,Sở Nội vụ,"1,234",12.5%,0.8765,+5.0%\n2,"Huyện Thường Xuân, tên dài để xuống dòng trong ô",0,—,,-10.0%\n');
    const list = mine['fast-Danh sách.csv']!;
    expect(list).toContain('\n1,P01,01/10/2020,08/10/2020 17:00,3.5,Công văn,\n');
    expect(list).toContain(`\n,,Tổng số: ${ROWS.length} văn bản,,,,\n`);
  }, 180_000);
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
