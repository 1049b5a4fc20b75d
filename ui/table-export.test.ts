// The dashboard's table downloads, read by another program: LibreOffice Calc (Debian's
// libreoffice-calc) opens the CSV as a spreadsheet set to Vietnamese would (list separator
// `;`, decimal comma) and the XLSX as Excel would, and what it reads back is numbers and
// dates, not text. Without LibreOffice the test fails, saying how to install it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { csvText, toCsv, type ExportTable } from './table-export.ts';
import { xlsxBlob } from './xlsx.ts';

const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
const office = ['libreoffice', 'soffice'].find(onPath);
const dir = mkdtempSync(join(tmpdir(), 'cds-table-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLE: ExportTable = {
  title: 'Xếp hạng Tháng 12/2021, số liệu đến ngày 31/12/2021',
  columns: [
    { label: 'Đơn vị', type: 'text' }, { label: 'Gửi điện tử', type: 'percent' }, { label: 'Văn bản đi', type: 'integer' },
    { label: 'Hạn xử lý', type: 'date' }, { label: 'Ngày gửi/nhận', type: 'datetime' },
  ],
  rows: [
    // 2021-12-30T18:05Z is 31/12/2021 01:05 in Vietnam; a text that looks like a formula stays text
    ['Thành phố Thanh Hóa', 0.9673, 1234, '2021-12-31', '2021-12-30T18:05:00Z'],
    ['=SUM(A1)', null, 0, null, null],
  ],
};

/** Converts a file with LibreOffice (a profile of its own, so parallel runs do not share one). */
function convert(file: string, to: string, filter: string[] = []): string {
  if (!office) throw new Error('LibreOffice is not installed: apt-get install -y --no-install-recommends libreoffice-calc (.ci/run does)');
  const run = spawnSync(office, [`-env:UserInstallation=file://${join(dir, `profile-${to.split(':')[0]}`)}`, '--headless', '--norestore', ...filter, '--convert-to', to, '--outdir', join(dir, to.split(':')[0]!), file], { encoding: 'utf8', timeout: 120_000 });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  return join(dir, to.split(':')[0]!, file.split('/').at(-1)!.replace(/\.\w+$/, `.${to.split(':')[0]}`));
}

describe('table downloads', () => {
  it('writes CSV cells as a Vietnamese reader expects them', () => {
    expect(csvText(0.9673, 'percent')).toBe('96,73 %');
    expect(csvText(1234, 'integer')).toBe('1234');
    expect(csvText('2021-12-30T18:05:00Z', 'datetime')).toBe('31/12/2021 01:05');
    expect(csvText('2021-12-31', 'date')).toBe('31/12/2021');
    const csv = toCsv(TABLE);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')[2]).toBe("'=SUM(A1);;0;;");
    // notes after a blank line, one cell each, quoted when they hold the separator
    const noted = toCsv({ ...TABLE, notes: ['2 tỉnh chưa công bố số liệu: Hà Nội; Huế.', '-1 là một ghi chú'] }).slice(1).split('\r\n');
    expect(noted.slice(3)).toEqual(['', '"2 tỉnh chưa công bố số liệu: Hà Nội; Huế."', "'-1 là một ghi chú", '']);
  });

  it('reads back, in a spreadsheet set to Vietnamese, rates and counts as numbers and dates as dates', async () => {
    const file = join(dir, 'bang.csv');
    writeFileSync(file, toCsv(TABLE));
    // separator ; (59), quote " (34), UTF-8 (76), from line 1, language vi-VN (1066)
    const xlsx = convert(file, 'xlsx', ['--infilter=CSV:59,34,76,1,,1066']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const row = wb.worksheets[0]!.getRow(2);
    expect(row.getCell(1).value).toBe('Thành phố Thanh Hóa');
    expect(row.getCell(2).value).toBeCloseTo(0.9673, 10);
    expect(row.getCell(3).value).toBe(1234);
    expect(row.getCell(4).value).toEqual(new Date('2021-12-31T00:00:00Z'));
    expect(row.getCell(5).value).toEqual(new Date('2021-12-31T01:05:00Z'));
  });

  it('writes an XLSX that opens elsewhere with numbers, percent formats and local dates', async () => {
    const file = join(dir, 'bang.xlsx');
    writeFileSync(file, new Uint8Array(await (await xlsxBlob(TABLE)).arrayBuffer()));
    // ExcelJS reads it as written
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe(TABLE.title);
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(TABLE.columns.map((c) => c.label));
    expect(ws.getCell('B4').value).toBe(0.9673);
    expect(ws.getCell('B4').numFmt).toBe('0.0%');
    expect(ws.getCell('D4').value).toEqual(new Date('2021-12-31T00:00:00Z'));
    expect(ws.getCell('E4').value).toEqual(new Date('2021-12-31T01:05:00Z'));
    expect(ws.getCell('E4').numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(ws.getCell('A5').value).toBe('=SUM(A1)');
    expect(ws.getCell('A5').formula).toBeUndefined();
    expect(ws.rowCount).toBe(5);
    // notes: below the table after a blank row, outside its filter
    const noted = new ExcelJS.Workbook();
    await noted.xlsx.load(await (await xlsxBlob({ ...TABLE, notes: ['33 tỉnh, thành phố chưa công bố số liệu: Hà Nội, Cao Bằng.', 'Dòng thứ hai'] })).arrayBuffer());
    const nws = noted.worksheets[0]!;
    expect(nws.getCell('A6').value).toBeNull();
    expect(nws.getCell('A7').value).toBe('33 tỉnh, thành phố chưa công bố số liệu: Hà Nội, Cao Bằng.');
    expect(nws.getCell('A8').value).toBe('Dòng thứ hai');
    expect(nws.autoFilter).toBe('A3:E5');
    // and LibreOffice reads the notes under the table
    const notedFile = join(dir, 'bang-ghi-chu.xlsx');
    writeFileSync(notedFile, new Uint8Array(await (await xlsxBlob({ ...TABLE, notes: ['33 tỉnh, thành phố chưa công bố số liệu: Hà Nội, Cao Bằng.'] })).arrayBuffer()));
    const notedCsv = convert(notedFile, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,false,true');
    const notedLines = (await import('node:fs')).readFileSync(notedCsv, 'utf8').trim().split(/\r?\n/);
    expect(notedLines.at(-1)).toMatch(/^"?33 tỉnh, thành phố chưa công bố số liệu: Hà Nội, Cao Bằng\."?,*$/);
    expect(notedLines.at(-2)).toMatch(/^,*$/);
    // and LibreOffice opens it: its CSV of the sheet holds the values as shown
    // "," "\"" UTF-8, cells as shown (the 9th token)
    const csv = convert(file, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,false,true');
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(csv, 'utf8');
    expect(text).toContain('Thành phố Thanh Hóa,96.7%,"1,234",31/12/2021,31/12/2021 01:05');
  });
});
