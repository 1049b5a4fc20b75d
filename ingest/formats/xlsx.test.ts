import { DuckDBInstance } from '@duckdb/node-api';
import JSZip from 'jszip';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testWarehouse } from '../../test/helpers/warehouse.ts';
import { planColumns } from '../mapping/resolve.ts';
import { readXlsx } from './xlsx.ts';

// The XLSX reader must give back every character of every cell, whatever the chunks the
// bytes arrive in (ExcelJS 4's streaming reader turned each multi-byte character a chunk
// boundary cut into U+FFFD). The workbooks here are written by hand to the OOXML spec and
// zipped with JSZip, not by the reader's own libraries; every text cell is decomposed
// Vietnamese (NFD: 2 to 3 code points of 1 to 3 bytes each per letter), long enough that
// characters straddle every boundary.

const ROWS = 20_000;
const HEADERS = ['Mã đơn vị', 'Mã văn bản', 'Loại sổ', 'Số ký hiệu', 'Loại văn bản', 'Ngày văn bản', 'Thời gian gửi/nhận', 'Độ mật', 'Hình thức', 'Ký số', 'Hạn xử lý', 'Ngày hoàn thành'];
const WORDS = ['Quyết định', 'về việc', 'phê duyệt', 'kế hoạch', 'chuyển đổi số', 'của Ủy ban nhân dân', 'huyện Thường Xuân', 'tỉnh Thanh Hóa', 'năm 2020', 'giải quyết', 'thủ tục hành chính', 'trên môi trường điện tử', 'Sở Thông tin và Truyền thông', 'đường', 'Nguyễn Trãi', 'ấp', 'Đông Sơn', '“trích yếu”', 'ưu tiên', 'ổn định', 'Phường Điện Biên', '𝐓hử'];

/** A deterministic pseudo-random sequence, so a failure can be reproduced. */
function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

function text(r: () => number, min: number, max: number): string {
  const n = min + Math.floor(r() * (max - min));
  let s = '';
  while (s.length < n) s += (s ? ' ' : '') + WORDS[Math.floor(r() * WORDS.length)];
  return s.normalize('NFD');
}

/** The rows as written (NFD text), header first. */
function registerRows(): string[][] {
  const r = rng(13);
  const rows = [HEADERS.map((h) => h.normalize('NFD'))];
  for (let i = 0; i < ROWS; i++) {
    const out = i % 3 !== 2;
    rows.push([
      '381', `VB-${i}-${text(r, 5, 40)}`, (out ? 'Đi' : 'Đến').normalize('NFD'), `${i + 1}/QĐ-UBND ${text(r, 0, 30)}`, text(r, 20, 400),
      '01/07/2020', '01/07/2020 08:00', 'Thường'.normalize('NFD'), (i % 2 ? 'Điện tử' : 'Giấy').normalize('NFD'),
      out ? (i % 4 ? 'Có' : 'Không').normalize('NFD') : '', '', '',
    ]);
  }
  return rows;
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const ref = (c: number, r: number) => `${String.fromCharCode(65 + c)}${r}`;

/**
 * A workbook by hand: text cells alternate between shared strings, inline strings and rich
 * text (a shared string of several runs, one of them a phonetic run that is not text).
 */
async function handWrittenWorkbook(rows: string[][], compression: 'DEFLATE' | 'STORE'): Promise<Buffer> {
  const shared: string[] = [];
  const sheet: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  rows.forEach((row, i) => {
    const r = i + 1;
    const cells = row.map((v, c) => {
      if (v === '') return '';
      const k = (i + c) % 3;
      if (k === 0) return `<c r="${ref(c, r)}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
      if (k === 1) {
        shared.push(`<si><t xml:space="preserve">${esc(v)}</t></si>`);
      } else {
        // two runs cut between code points (a combining mark may start the second run)
        const points = Array.from(v);
        const cut = Math.floor(points.length / 2);
        shared.push(`<si><r><rPr><b/></rPr><t xml:space="preserve">${esc(points.slice(0, cut).join(''))}</t></r><r><t xml:space="preserve">${esc(points.slice(cut).join(''))}</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>`);
      }
      return `<c r="${ref(c, r)}" t="s"><v>${shared.length - 1}</v></c>`;
    });
    sheet.push(`<row r="${r}">${cells.join('')}</row>`);
  });
  sheet.push('</sheetData></worksheet>');
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const xml = (s: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`;
  // bytes, not strings: JSZip's own UTF-8 encoder works in chunks and splits a surrogate pair cut by one
  const zip = new JSZip();
  const put = (name: string, content: string) => {
    const bytes = Buffer.from(content, 'utf8');
    if (bytes.includes(Buffer.from('\uFFFD'))) throw new Error(`the test wrote U+FFFD into ${name}`);
    zip.file(name, bytes);
  };
  put('[Content_Types].xml', xml(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`));
  put('_rels/.rels', xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`));
  put('xl/workbook.xml', xml(`<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Sổ văn bản" sheetId="1" r:id="rId1"/></sheets></workbook>`));
  put('xl/_rels/workbook.xml.rels', xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`));
  // the sheet before the shared strings in the archive: the reader must not depend on the order
  put('xl/worksheets/sheet1.xml', sheet.join(''));
  put('xl/sharedStrings.xml', xml(`<sst xmlns="${main}" count="${shared.length}" uniqueCount="${shared.length}">${shared.join('')}</sst>`));
  return zip.generateAsync({ type: 'nodebuffer', compression, compressionOptions: { level: 6 } });
}

const dir = mkdtempSync(join(tmpdir(), 'cds-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the XLSX reader', () => {
  const rows = registerRows();

  for (const compression of ['DEFLATE', 'STORE'] as const) {
    it(`reads back every value of a ${ROWS.toLocaleString('en')}-row NFD Vietnamese workbook character for character (${compression})`, async () => {
      const path = join(dir, `register-${compression}.xlsx`);
      writeFileSync(path, await handWrittenWorkbook(rows, compression));
      const db = await DuckDBInstance.create(':memory:');
      const conn = await db.connect();
      try {
        const result = await readXlsx(conn, { seq: 1, path, name: 'register.xlsx', format: 'xlsx' }, (h) => planColumns(h, undefined, 'register.xlsx'));
        expect(result.headers).toEqual(HEADERS.map((h) => h.normalize('NFC')));
        const cols = result.headers.map((h) => `"${h}"`).join(', ');
        const got = (await conn.runAndReadAll(`SELECT row_no::INTEGER AS row_no, row_error, ${cols} FROM ${result.relation} ORDER BY row_no`)).getRows();
        expect(got).toHaveLength(ROWS);
        let compared = 0;
        for (const [i, row] of got.entries()) {
          expect(row[0], `row ${i + 2}`).toBe(i + 2);
          expect(row[1]).toBeNull();
          const want = rows[i + 1]!;
          for (let c = 0; c < want.length; c++) {
            const value = String(row[c + 2]);
            // the documented NFC normalisation, and nothing else
            if (value !== want[c]!.normalize('NFC')) expect(value, `row ${i + 2}, column ${HEADERS[c]}`).toBe(want[c]!.normalize('NFC'));
            if (value.includes('\uFFFD')) throw new Error(`U+FFFD in row ${i + 2}, column ${HEADERS[c]}`);
            compared++;
          }
        }
        expect(compared).toBe(ROWS * HEADERS.length);
      } finally {
        conn.closeSync();
      }
    }, 120_000);
  }

  it('loads such a workbook with nothing quarantined and no damaged character stored', async () => {
    const w = await testWarehouse();
    try {
      const path = w.file('register.xlsx', await handWrittenWorkbook(rows.slice(0, 5_001), 'DEFLATE'));
      const run = await w.load([path]);
      expect(run).toMatchObject({ status: 'succeeded', received: 5_000, loaded: 5_000, quarantined: 0 });
      const bad = await w.rows(`SELECT count(*)::INTEGER AS n FROM documents WHERE contains(doc_id || coalesce(number, '') || coalesce(doc_type, ''), chr(65533))`);
      expect(bad).toEqual([{ n: 0 }]);
      const sample = await w.rows<{ doc_type: string }>(`SELECT doc_type FROM documents WHERE row_no = 2`);
      expect(sample[0]!.doc_type).toBe(rows[1]![4]!.normalize('NFC'));
    } finally {
      w.close();
    }
  }, 120_000);
});
