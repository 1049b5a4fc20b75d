// The monthly report input (issue 5): every figure of the workbook, the CSV and the JSON
// is the API's figure for the same period and as_of, cell by cell.
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from './monthly-formats.ts';
import { col, COLUMNS, HEADER_ROWS, SHEET_NAMES } from './monthly-xlsx.ts';
import { englishIn } from '../test/helpers/english.ts';
import { toCsv } from '../ui/table-export.ts';
import { peopleCsv } from './people-csv.ts';
import { AS_OF, dataRows, expectSheetMatchesApi, fetchFile, figuresOf, parseCsv, readWorkbook, reportFixture, type ReportFixture } from '../test/helpers/reports.ts';

let f: ReportFixture;
beforeAll(async () => {
  f = await reportFixture();
});
afterAll(() => f.close());

const apiFigures = (code: string, params: string) => figuresOf(f.api, code, params, AS_OF);

describe('monthly.xlsx', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const res = await fetchFile(f.app, `/api/reports/monthly.xlsx?period=2020-10&as_of=${AS_OF}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.disposition).toBe('attachment; filename="chi-thi-15-bao-cao-2020-10-tam-tinh.xlsx"');
    wb = await readWorkbook(res.bytes);
  });

  it('holds the API figures, cell by cell: the period, the change from September, since January, and the ranks', async () => {
    const ws = wb.getWorksheet(SHEET_NAMES.main)!;
    const rows = dataRows(ws);
    // the province, three levels, 27 districts, 20 provincial bodies
    expect(rows.size).toBe(1 + 3 + 27 + 20);
    expect([...rows.keys()].slice(0, 5)).toEqual(['38', 'province', 'district', 'commune', '380']);
    expect(await expectSheetMatchesApi(ws, f.api, AS_OF)).toBe(51 * (COLUMNS.length - 2));
    // and by hand: 14 outgoing documents in October, 10 of them electronic
    const province = rows.get('38')!;
    expect(province.getCell(col('name')).value).toBe('Toàn tỉnh');
    expect(province.getCell(col('period.out_total')).value).toBe(14);
    expect(province.getCell(col('period.sent_electronic_rate')).value).toBeCloseTo(10 / 14, 12);
    expect(rows.get('P02')!.getCell(col('rank')).value).toBe(1);
    expect(rows.get('P01')!.getCell(col('rank')).value).toBe(2);
    expect(rows.get('P01')!.getCell(col('change.sent_electronic_rate')).value).toBeCloseTo(0.75 - 0.5, 12);
    expect(rows.get('380')!.getCell(col('name')).value).toBe('Thành phố Thanh Hóa');
  });

  it('is laid out as an appendix to an official report (Decree 30/2020), in Times New Roman, A4 landscape', () => {
    const ws = wb.getWorksheet(SHEET_NAMES.main)!;
    expect(ws.getCell('A1').value).toBe('UBND TỈNH THANH HÓA');
    expect(ws.getCell('A2').value).toBe('SỞ THÔNG TIN VÀ TRUYỀN THÔNG');
    const right = ws.getRow(1).getCell(COLUMNS.length - 9);
    expect(right.value).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(ws.getRow(2).getCell(COLUMNS.length - 9).value).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(ws.getCell('A7').value).toBe('Tháng 10 năm 2020');
    expect(String(ws.getCell('A8').value)).toMatch(/^\(Kèm theo Báo cáo số .*của Sở Thông tin và Truyền thông\)$/);
    expect(String(ws.getCell('A9').value)).toContain('Số liệu tạm tính đến hết ngày 05/11/2020, chưa chốt');
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROWS[0]}:${HEADER_ROWS[1]}` });
    expect(ws.getColumn(col('code')).hidden).toBe(true);
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) => row.eachCell((cell) => {
        expect(cell.font?.name, `${sheet.name}!${cell.address}`).toBe('Times New Roman');
        expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(6 /* ValueType.Formula */);
        if (typeof cell.value === 'string') expect(cell.value).toBe(cell.value.normalize('NFC'));
      }));
    }
    expect(wb.worksheets.map((s) => s.name)).toEqual([SHEET_NAMES.main, SHEET_NAMES.ranking, SHEET_NAMES.definitions]);
    const terms = wb.getWorksheet(SHEET_NAMES.definitions)!.getColumn(1).values.filter(Boolean);
    expect(terms).toEqual(expect.arrayContaining(['Tỷ lệ gửi điện tử', 'Tỷ lệ ký số', 'Tỷ lệ xử lý đúng hạn', 'Điểm và xếp hạng', 'Số liệu đã chốt']));
    expect(terms).toEqual(expect.arrayContaining(['Tỷ lệ nhận điện tử', 'Tỷ lệ xử lý trên môi trường mạng', 'Văn bản giấy gửi Văn phòng UBND tỉnh', 'Đối chiếu tự báo cáo']));
  });

  it('carries the sent, received and processed rates the directive asks for ("tỷ lệ gửi, nhận, xử lý"), for the period, the change and since January', () => {
    const ws = wb.getWorksheet(SHEET_NAMES.main)!;
    expect(String(ws.getCell('A6').value)).toContain('TỶ LỆ GỬI, NHẬN, XỬ LÝ VĂN BẢN TRÊN MÔI TRƯỜNG ĐIỆN TỬ');
    const headers = ws.getRow(HEADER_ROWS[1]).values as unknown[];
    for (const [key, header] of [
      ['period.sent_electronic_rate', 'Tỷ lệ gửi điện tử'], ['period.received_electronic_rate', 'Tỷ lệ nhận điện tử'],
      ['period.processed_electronic_rate', 'Tỷ lệ xử lý trên môi trường mạng'], ['cumulative.received_electronic_rate', 'Tỷ lệ nhận điện tử'],
      ['cumulative.processed_electronic_rate', 'Tỷ lệ xử lý trên môi trường mạng'], ['change.received_electronic_rate', 'Nhận điện tử'],
      ['change.processed_electronic_rate', 'Xử lý trên môi trường mạng'], ['period.in_completed_unrecorded', 'Văn bản đến chưa ghi nhận hình thức xử lý'],
    ] as const) {
      expect(col(key), key).toBeGreaterThan(0);
      expect(headers[col(key)], key).toBe(header);
    }
    // the fixture's exports carry no processed column: the processed rate is "—", never 0 %
    const province = dataRows(ws).get('38')!;
    expect(province.getCell(col('period.processed_electronic_rate')).value).toBe('—');
    expect(typeof province.getCell(col('period.received_electronic_rate')).value).toBe('number');
  });
});

describe('monthly.csv and monthly.json', () => {
  it('give people a CSV in Vietnamese for Excel set to Vietnamese: headers, "96,73 %", local dates, `;`', async () => {
    const res = await fetchFile(f.app, `/api/reports/monthly.csv?period=2020-10&as_of=${AS_OF}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.bytes.subarray(3).toString('utf8');
    expect(text).toBe(text.normalize('NFC'));
    const lines = parseCsv(text, ';');
    expect(lines).toHaveLength(52);
    const header = lines[0]!;
    // no machine name, no English word a person would read
    expect(header.filter((h) => /_/.test(h))).toEqual([]);
    expect(englishIn(header.join(' '))).toEqual([]);
    expect(header.slice(0, 13)).toEqual(['Kỳ báo cáo', 'Từ ngày', 'Đến ngày', 'Số liệu đến ngày', 'Tình trạng', 'Phiên bản', 'Thời điểm chốt', 'Nhóm', 'Mã', 'Đơn vị', 'Văn bản đi', 'Văn bản đi gửi điện tử', 'Văn bản đi ký số']);
    const json = (await f.api(`/api/reports/monthly.json?period=2020-10&as_of=${AS_OF}`)).body;
    const pct = (r: number | null) => (r === null ? '' : `${(r * 100).toFixed(2).replace('.', ',')} %`);
    for (const [i, cells] of lines.slice(1).entries()) {
      const record = Object.fromEntries(header.map((h, j) => [h, cells[j]]));
      const row = json.rows[i];
      expect(record).toMatchObject({
        'Kỳ báo cáo': 'Tháng 10 năm 2020', 'Từ ngày': '01/10/2020', 'Đến ngày': '31/10/2020', 'Số liệu đến ngày': '05/11/2020', 'Tình trạng': 'Tạm tính, chưa chốt',
        'Mã': row.code, 'Đơn vị': row.name, 'Văn bản đi': String(row.period.out_total),
        'Tỷ lệ gửi điện tử': pct(row.period.sent_electronic_rate), 'Tỷ lệ ký số': pct(row.period.signed_rate), 'Tỷ lệ xử lý đúng hạn': pct(row.period.on_time_rate),
        'Tỷ lệ ký số từ đầu năm': pct(row.cumulative.signed_rate), 'Điểm': pct(row.score), 'Xếp hạng': row.rank === null ? '' : String(row.rank),
        'Đủ dữ liệu': row.period.complete ? 'Có' : 'Không',
      });
    }
    expect(text).toContain(';380;Thành phố Thanh Hóa;');
    // the dashboard's table downloads write the same bytes for the same cells
    const table = { title: '', columns: [{ label: 'Tỷ lệ', type: 'percent' as const }, { label: 'Ngày', type: 'date' as const }, { label: 'Lúc', type: 'datetime' as const }, { label: 'Số', type: 'text' as const }],
      rows: [[0.96734, '2020-10-05', '2020-10-04T18:30:00Z', '=1+1'], [null, null, null, 'a;b "c"']] };
    const columns = table.columns.map((c, i) => ({ label: c.label, type: c.type, value: (r: (string | number | null)[]) => r[i] }));
    expect(peopleCsv(columns, table.rows).toString('utf8')).toBe(toCsv(table));
  });

  it('give systems the API\'s names with ?columns=machine: comma-separated, rates as fractions', async () => {
    const res = await fetchFile(f.app, `/api/reports/monthly.csv?period=2020-10&as_of=${AS_OF}&columns=machine`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parseCsv(res.bytes.subarray(3).toString('utf8'));
    expect(lines[0]).toEqual(CSV_HEADER);
    expect(CSV_HEADER).toEqual(expect.arrayContaining(['sent_electronic_rate', 'received_electronic_rate', 'processed_electronic_rate', 'change_received_electronic_rate', 'cumulative_processed_electronic_rate']));
    expect(lines).toHaveLength(52);
    const json = (await f.api(`/api/reports/monthly.json?period=2020-10&as_of=${AS_OF}`)).body;
    for (const [i, cells] of lines.slice(1).entries()) {
      const record = Object.fromEntries(CSV_HEADER.map((h, j) => [h, cells[j]]));
      const row = json.rows[i];
      expect(record['code']).toBe(row.code);
      expect(record['name']).toBe(row.name);
      for (const k of ['out_total', 'sent_electronic_rate', 'signed_rate', 'on_time_rate', 'quarantined_rows', 'units_without_data', 'complete', 'in_total', 'received_electronic_rate', 'processed_electronic_rate', 'in_completed_unrecorded']) {
        expect(record[k], `${row.code} ${k}`).toBe(row.period[k] === null ? '' : String(row.period[k]));
        expect(record[`cumulative_${k}`]).toBe(row.cumulative[k] === null ? '' : String(row.cumulative[k]));
      }
      const api = await apiFigures(row.code, 'period=2020-10');
      expect(row.period).toEqual(Object.fromEntries(Object.keys(row.period).map((k) => [k, api[k]])));
    }
    const text = res.bytes.toString('utf8');
    expect(text).toContain(',380,Thành phố Thanh Hóa,');
    expect(text).toBe(text.normalize('NFC'));
  });

  it('JSON says what the figures are: period, as_of, status and versions, and each line with its parts', async () => {
    const { status, body } = await f.api(`/api/reports/monthly.json?period=2020-Q4&as_of=${AS_OF}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      report: 'monthly', period: '2020-Q4', period_kind: 'quarter', period_name: 'Quý IV năm 2020', from: '2020-10-01', to: '2020-12-31',
      previous_period: { period: '2020-Q3', from: '2020-07-01', to: '2020-09-30' }, cumulative: { from: '2020-01-01', to: '2020-12-31' },
      as_of: AS_OF, status: 'provisional', version: null, frozen_at: null, versions: [], live_differs: null, differences: null,
    });
    expect(body.rows).toHaveLength(51);
    expect(Object.keys(body.rows[0])).toEqual(['section', 'code', 'name', 'period', 'previous', 'change', 'cumulative', 'rank', 'score', 'previous_rank', 'previous_score']);
    for (const part of ['period', 'previous', 'cumulative']) {
      expect(Object.keys(body.rows[0][part])).toEqual(expect.arrayContaining(['sent_electronic_rate', 'received_electronic_rate', 'processed_electronic_rate', 'in_total', 'in_completed', 'in_completed_unrecorded']));
    }
    expect(Object.keys(body.rows[0].change)).toEqual(expect.arrayContaining(['sent_electronic_rate', 'received_electronic_rate', 'processed_electronic_rate']));
    expect(body.rows.map((r: { section: string }) => r.section)).toEqual([
      'province', 'level', 'level', 'level', ...Array(27).fill('district'), ...Array(20).fill('body'),
    ]);
    const p01 = body.rows.find((r: { code: string }) => r.code === 'P01');
    expect(p01.change.sent_electronic_rate).toBe(p01.period.sent_electronic_rate - p01.previous.sent_electronic_rate);
  });

  it('refuses what is not a report period, clearly', async () => {
    for (const [path, code, status] of [
      ['/api/reports/monthly.json?period=2020-13', 'invalid_period', 400],
      ['/api/reports/monthly.json?from=2020-10-01&to=2020-10-31', 'invalid_parameter', 400],
      ['/api/reports/monthly.xlsx', 'invalid_parameter', 400],
      ['/api/reports/monthly.csv?period=2020-10&as_of=2020-02-30', 'invalid_date', 400],
      ['/api/reports/monthly.json?period=2020-10&version=1', 'not_frozen', 409],
      ['/api/reports/monthly.json?period=2020-10&restatement=true', 'not_frozen', 409],
    ] as const) {
      const res = await f.api(path);
      expect(res.status, path).toBe(status);
      expect(res.body.error.code, path).toBe(code);
    }
  });

  it('names the period asked for: 2000 is the first year, and the year before it is worked out, not refused', async () => {
    const { status, body } = await f.api('/api/reports/monthly.json?period=2000&as_of=2001-01-10');
    expect(status).toBe(200);
    expect(body).toMatchObject({ period: '2000', previous_period: { period: '1999', from: '1999-01-01', to: '1999-12-31' } });
    const before = await f.api('/api/reports/monthly.json?period=1999');
    expect(before.status).toBe(400);
    expect(before.body.error).toMatchObject({ code: 'invalid_period', message: 'Period "1999": the year must be between 2000 and 2100.' });
    expect((await f.api('/api/ranking?period=2000-01&as_of=2000-02-01')).status).toBe(200);
  });
});
