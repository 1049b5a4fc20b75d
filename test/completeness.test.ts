// Completeness beside every figure, and the quarantine as a work queue: rows a load could
// not take are counted beside the figures of their unit and period until a later load of
// the same document resolves them; every endpoint and report says so. Expected numbers are
// worked out by hand below.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels, buildModelsIncremental } from '../analytics/build.ts';
import { todayInVietnam } from '../analytics/period.ts';
import { VALUE_SPELLINGS } from '../ingest/mapping/spellings.ts';
import { csvExport, parseCsv, readWorkbook, reportFixture, type ReportFixture } from './helpers/reports.ts';
import { col, SHEET_NAMES } from '../reports/monthly-xlsx.ts';
import { dataRows } from './helpers/reports.ts';

// unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time
const CLEAN = [
  '380,A1,out,1/UBND,Công văn,,2020-10-05 08:00,normal,electronic,true,,',
  '380,A2,out,2/UBND,Công văn,,2020-10-05 09:00,normal,electronic,true,,',
  '14755,C1,out,1/UBND,Công văn,,2020-10-06 08:00,normal,electronic,true,,',
];
// Broken rows of district 380 (its People's Committee) in October 2020, and one of a unit
// that is not in the registry. What each counts as under count_against:
const BROKEN = [
  '380,B1,out,3/UBND,Công văn,,2020-10-06 08:00,normal,fax,true,,', //            row 2: unknown channel → out
  '380,B2,in,4/STC,Công văn,,2020-10-07 08:00,normal,electronic,,2020-10-10,hôm qua', // row 3: unreadable completion, a deadline → late, incoming, completed
  '380,,out,5/UBND,Công văn,,2020-10-08 08:00,normal,electronic,true,,', //       row 4: no doc_id (no key) → out
  '380,B4,out,6/UBND,Công văn,,không rõ,normal,electronic,true,,', //             row 5: no readable date: the day the file was received
  '77777,B5,out,7/UBND,Công văn,,2020-10-09 08:00,normal,electronic,true,,', //   row 6: unknown unit: the province only
  '380,B6,in,8/STC,Công văn,,2020-10-09 08:00,bí mật lắm,electronic,,,', //       row 7: unknown security (not secret), incoming without deadline → incoming only
  '380,B7,out,9/UBND,Công văn,,2020-10-10 08:00,Mật,paper,chưa rõ,,', //          row 8: secret → nothing
];
const AS_OF = '2021-01-01';
const Q = `period=2020-10&as_of=${AS_OF}`;

let f: ReportFixture;
let communes380: number;
let today: string;
const get = async (path: string) => {
  const r = await f.api(path);
  expect(r.status, path).toBe(200);
  return r.body;
};
/** loads as the service does: the incremental build after the run */
async function load(name: string, rows: string[]) {
  const run = await f.w.load([f.w.file(name, csvExport(rows))]);
  expect(run.status).toBe('succeeded');
  const build = await f.w.lock.run(() => buildModelsIncremental(f.w.db));
  expect(build.kind).toBe('incremental');
  f.figures.cache.invalidate();
  return run;
}
const MARTS = ['fct_quarantine_rows', 'fct_unit_day_quarantine', 'fct_unit_day', 'fct_unit_day_incoming'];
/** the marts of the incremental builds against a full rebuild, row for row (EXCEPT ALL both ways) */
async function expectIncrementalEqualsFull() {
  for (const m of MARTS) await f.w.rows(`CREATE OR REPLACE TABLE ${m}_incremental AS FROM ${m}`);
  await buildModels(f.w.db);
  for (const m of MARTS) {
    const [d] = await f.w.rows<{ n: number }>(`SELECT ((SELECT count(*) FROM (FROM ${m}_incremental EXCEPT ALL FROM ${m})) + (SELECT count(*) FROM (FROM ${m} EXCEPT ALL FROM ${m}_incremental)))::INTEGER AS n`);
    expect(d!.n, m).toBe(0);
  }
  f.figures.cache.invalidate();
}

beforeAll(async () => {
  f = await reportFixture(CLEAN);
  communes380 = (await f.figures.units()).filter((u) => u.level === 'commune' && u.district_code === '380').length;
  const run = await load('broken.csv', BROKEN);
  expect(run).toMatchObject({ loaded: 0, quarantined: 7 });
  today = todayInVietnam(new Date(run.startedAt));
});
afterAll(() => f.close());

describe('the quarantine mart', () => {
  it('places each row: its unit, its business day (or the day its file came), and what it counts as', async () => {
    const rows = await f.w.rows(`SELECT row_no::INTEGER AS row_no, unit_code, status, strftime(event_date, '%Y-%m-%d') AS event_date, date_basis, is_baseline, direction, counted_as, counted_in, counted_completed FROM fct_quarantine_rows ORDER BY row_no`);
    expect(rows).toEqual([
      { row_no: 2, unit_code: '380', status: 'open', event_date: '2020-10-06', date_basis: 'event_time', is_baseline: false, direction: 'out', counted_as: 'out', counted_in: false, counted_completed: false },
      { row_no: 3, unit_code: '380', status: 'open', event_date: '2020-10-07', date_basis: 'event_time', is_baseline: false, direction: 'in', counted_as: 'late', counted_in: true, counted_completed: true },
      { row_no: 4, unit_code: '380', status: 'open', event_date: '2020-10-08', date_basis: 'event_time', is_baseline: false, direction: 'out', counted_as: 'out', counted_in: false, counted_completed: false },
      { row_no: 5, unit_code: '380', status: 'open', event_date: today, date_basis: 'received', is_baseline: false, direction: 'out', counted_as: 'out', counted_in: false, counted_completed: false },
      { row_no: 6, unit_code: null, status: 'open', event_date: '2020-10-09', date_basis: 'event_time', is_baseline: false, direction: 'out', counted_as: 'out', counted_in: false, counted_completed: false },
      { row_no: 7, unit_code: '380', status: 'open', event_date: '2020-10-09', date_basis: 'event_time', is_baseline: false, direction: 'in', counted_as: null, counted_in: true, counted_completed: false },
      { row_no: 8, unit_code: '380', status: 'open', event_date: '2020-10-10', date_basis: 'event_time', is_baseline: false, direction: 'out', counted_as: null, counted_in: false, counted_completed: false },
    ]);
  });

  it('reads directions and secret levels with the spellings the load accepts out of the box', async () => {
    const probe = async (fn: string, s: string) => (await f.w.rows<{ v: unknown }>(`SELECT ${fn}($s) AS v`, { s }))[0]!.v;
    for (const [meaning, spellings] of Object.entries(VALUE_SPELLINGS.direction)) {
      for (const s of spellings) {
        expect(await probe('cds_read_direction', s), s).toBe(meaning);
        expect(await probe('cds_read_direction', ` ${s.toLocaleUpperCase('vi').normalize('NFD')} `), s).toBe(meaning);
      }
    }
    for (const [meaning, spellings] of Object.entries(VALUE_SPELLINGS.security)) {
      for (const s of spellings) expect(await probe('cds_read_secret', s.normalize('NFD')), s).toBe(meaning !== 'normal');
    }
    expect(await probe('cds_read_direction', 'VB_DI')).toBeNull();
  });
});

describe('completeness beside every figure', () => {
  it('/api/rates of a unit: its open quarantined rows in the period', async () => {
    expect((await get(`/api/rates?${Q}&unit=380`)).units[0]).toMatchObject({
      out_total: 2, sent_electronic_rate: 1,
      // B1, B2, the row without an id, B6, B7; B4 counts on the day its file was received
      quarantined_rows: 5, units_without_data: 0, complete: false, quarantined_as_out: 2, quarantined_as_late: 1, quarantined_as_in: 2, quarantined_as_completed: 1,
    });
    expect((await get(`/api/rates?${Q}&unit=14755`)).units[0]).toMatchObject({ quarantined_rows: 0, units_without_data: 0, complete: true });
    // a commune with no document in the period: 1 unit without data
    const other = (await get(`/api/rates?${Q}&level=commune`)).units.find((u: { code: string; parent_code: string }) => u.parent_code === '380' && u.code !== '14755');
    expect(other).toMatchObject({ out_total: 0, sent_electronic_rate: null, quarantined_rows: 0, units_without_data: 1, complete: false });
    // September: before the rows' days, nothing quarantined
    expect((await get(`/api/rates?period=2020-09&as_of=${AS_OF}&unit=380`)).units[0]).toMatchObject({ quarantined_rows: 0 });
  });

  it('/api/rates of an area: its units without data, and at the province the rows of no known unit', async () => {
    expect((await get(`/api/rates?${Q}&area=380`)).area).toMatchObject({
      units: 1 + communes380, quarantined_rows: 5, quarantined_rows_unknown_unit: 0, units_without_data: 1 + communes380 - 2, complete: false,
    });
    expect((await get(`/api/rates?${Q}&area=district`)).area).toMatchObject({ quarantined_rows: 5, units_without_data: 26 });
    const province = (await get(`/api/rates?${Q}&area=38`)).area;
    expect(province).toMatchObject({ quarantined_rows: 6, quarantined_rows_unknown_unit: 1, complete: false });
    expect(province.units_without_data).toBe(province.units - 2);
  });

  it('/api/trend: each month with its own completeness', async () => {
    const months = (await get(`/api/trend?area=380&from=2020-09&to=2020-11&as_of=${AS_OF}`)).months;
    expect(months.map((m: Record<string, unknown>) => [m['month'], m['quarantined_rows'], m['units_without_data'], m['complete']])).toEqual([
      ['2020-09', 0, 1 + communes380, false],
      ['2020-10', 5, 1 + communes380 - 2, false],
      ['2020-11', 0, 1 + communes380, false],
    ]);
    const province = (await get(`/api/trend?area=38&from=2020-10&to=2020-10&as_of=${AS_OF}`)).months[0];
    expect(province).toMatchObject({ quarantined_rows: 6, quarantined_rows_unknown_unit: 1 });
  });

  it('/api/ranking: beside each district, and the line under the ranking', async () => {
    const body = await get(`/api/ranking?${Q}`);
    expect(body.incomplete_rule).toBe('count_against');
    // 380 counted against: 3 + 2 outgoing (3 electronic and signed) → 0.6, 0.6; 0 of 1 on time → 0.4;
    // no incoming document, and 2 incoming rows (B2, B6) counted as received on paper: 0 of 2; B2, with a
    // completion time, as completed and not processed electronically: 0 of 1 (neither scored by default)
    expect(body.units[0]).toMatchObject({
      code: '380', rank: 1, score: 0.4, out_total: 5, sent_electronic_rate: 0.6, on_time_rate: 0, in_late: 1,
      in_total: 2, in_electronic: 0, received_electronic_rate: 0, quarantined_as_in: 2,
      in_completed: 1, in_processed_electronic: 0, processed_electronic_rate: 0, quarantined_as_completed: 1,
      quarantined_rows: 5, units_without_data: 1 + communes380 - 2, complete: false, unranked_reason: null,
    });
    expect(body.units.slice(1).every((d: { unranked_reason: string }) => d.unranked_reason === 'no_data')).toBe(true);
    const withoutData = body.units.reduce((n: number, d: { units_without_data: number }) => n + d.units_without_data, 0);
    expect(body.completeness).toEqual({ incomplete: 27, units_without_data: withoutData, quarantined_rows: 5 });
  });

  it('the monthly report: JSON, CSV and the workbook', async () => {
    const json = await get(`/api/reports/monthly.json?${Q}`);
    const district = json.rows.find((r: { code: string; section: string }) => r.code === '380' && r.section === 'district');
    expect(district.period).toMatchObject({ quarantined_rows: 5, units_without_data: 1 + communes380 - 2, complete: false });
    expect(json.rows[0].period).toMatchObject({ quarantined_rows: 6, complete: false });

    const csvBytes = Buffer.from(await (await f.app.request(`/api/reports/monthly.csv?${Q}&columns=machine`)).arrayBuffer());
    const csv = parseCsv(csvBytes.subarray(3).toString('utf8'));
    const header = csv[0]!;
    const line = csv.find((l) => l[header.indexOf('code')] === '380' && l[header.indexOf('section')] === 'district')!;
    expect([line[header.indexOf('quarantined_rows')], line[header.indexOf('units_without_data')], line[header.indexOf('complete')]]).toEqual(['5', String(1 + communes380 - 2), 'false']);
    // and for people
    const people = parseCsv(Buffer.from(await (await f.app.request(`/api/reports/monthly.csv?${Q}`)).arrayBuffer()).subarray(3).toString('utf8'), ';');
    const ph = people[0]!;
    const pl = people.find((l) => l[ph.indexOf('Mã')] === '380' && l[ph.indexOf('Nhóm')] === 'Huyện, thị xã, thành phố')!;
    expect([pl[ph.indexOf('Văn bản lỗi chưa xử lý')], pl[ph.indexOf('Đơn vị chưa có dữ liệu')], pl[ph.indexOf('Đủ dữ liệu')]]).toEqual(['5', String(1 + communes380 - 2), 'Không']);

    const wb = await readWorkbook(Buffer.from(await (await f.app.request(`/api/reports/monthly.xlsx?${Q}`)).arrayBuffer()));
    const ws = wb.getWorksheet(SHEET_NAMES.main)!;
    expect(String(ws.getCell('A9').value)).toContain('CHƯA ĐỦ DỮ LIỆU (toàn tỉnh)');
    expect(String(ws.getCell('A9').value)).toContain('6 văn bản lỗi chưa xử lý (trong đó 1 văn bản không xác định được đơn vị, chỉ tính ở toàn tỉnh)');
    const row = dataRows(ws).get('380')!;
    expect([row.getCell(col('period.units_without_data')).value, row.getCell(col('period.quarantined_rows')).value]).toEqual([1 + communes380 - 2, 5]);
  });

  it('the inspection workbook: on the cover and per unit', async () => {
    const res = await f.app.request(`/api/reports/inspection.xlsx?team=1&${Q}`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const cover = wb.getWorksheet('Bìa')!;
    const facts = new Map<string, string>();
    cover.eachRow((r) => facts.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(facts.get('Mức đầy đủ dữ liệu')).toContain('CHƯA ĐỦ DỮ LIỆU');
    expect(facts.get('Mức đầy đủ dữ liệu')).toContain('5 văn bản lỗi chưa xử lý');
    const summary = wb.getWorksheet('Tổng hợp')!;
    const header = summary.getRow(4).values as unknown[];
    const at = (name: string) => header.indexOf(name);
    let office: ExcelJS.Row | undefined;
    summary.eachRow((r) => { if (r.getCell(2).value === '380' && r.getCell(4).value === 'UBND cấp huyện') office = r; });
    expect([office!.getCell(at('Đơn vị chưa có dữ liệu')).value, office!.getCell(at('Văn bản lỗi chưa xử lý')).value, office!.getCell(at('Đánh giá')).value])
      .toEqual([0, 5, 'Đạt (chưa đủ dữ liệu)']);
  });
});

describe('the quarantine as a work queue', () => {
  it('lists open rows with the reason in Vietnamese and the file and row to fix, and counts them per unit, source and reason', async () => {
    const list = await get('/api/quarantine?status=open&unit=380');
    expect(list.total).toBe(6);
    const b1 = list.rows.find((r: { row_no: number }) => r.row_no === 2);
    expect(b1).toMatchObject({
      file: 'broken.csv', row_no: 2, unit_code: '380', unit_name: 'Thành phố Thanh Hóa', doc_id: 'B1', status: 'open', event_date: '2020-10-06',
      reason_vi: 'Hình thức gửi/nhận "fax" không phải giá trị hợp lệ (dùng Điện tử, Giấy hoặc Điện tử và giấy).',
      values: expect.objectContaining({ channel: 'fax', number: '3/UBND' }), counted_as: 'out', seen: 1,
    });
    expect(list.rows.find((r: { row_no: number }) => r.row_no === 3).reason_vi).toBe('Ngày hoàn thành "hôm qua" không phải ngày giờ hợp lệ (định dạng YYYY-MM-DD HH:mm hoặc dd/mm/yyyy HH:mm).');
    // a period narrows to the rows' business days
    expect((await get('/api/quarantine?status=open&unit=380&period=2020-10')).total).toBe(5);
    expect((await get('/api/quarantine?code=unknown_unit')).rows.map((r: { unit_code: string }) => r.unit_code)).toEqual(['77777']);

    const summary = await get('/api/quarantine/summary');
    expect(summary).toMatchObject({ status: 'open', total: 7 });
    expect(summary.by_unit).toEqual([
      { unit_code: '380', unit_name: 'Thành phố Thanh Hóa', rows: 6 },
      { unit_code: '77777', unit_name: null, rows: 1 },
    ]);
    expect(summary.by_source).toEqual([{ source_id: 'test', rows: 7 }]);
    expect(summary.by_reason).toContainEqual({ code: 'unknown_value', field: 'channel', field_vi: 'Hình thức gửi/nhận', label_vi: 'Hình thức gửi/nhận không phải giá trị hợp lệ (dùng Điện tử, Giấy hoặc Điện tử và giấy).', rows: 1 });
    expect(summary.by_reason).toContainEqual(expect.objectContaining({ code: 'unknown_unit', rows: 1 }));
  });

  it('downloads a unit\'s open rows as CSV and XLSX for the unit to correct its export', async () => {
    const csvRes = await f.app.request('/api/quarantine/export.csv?unit=380');
    expect(csvRes.headers.get('content-disposition')).toMatch(/^attachment; filename="du-lieu-loi-380-open-\d{4}-\d{2}-\d{2}\.csv"$/);
    // for people: `;` between cells, the load time as dd/mm/yyyy HH:mm
    const csv = parseCsv(Buffer.from(await csvRes.arrayBuffer()).subarray(3).toString('utf8'), ';');
    expect(csv[1]![3]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(csv[0]!.slice(0, 8)).toEqual(['Tệp dữ liệu', 'Dòng', 'Lần nạp', 'Thời gian nạp', 'Nguồn', 'Tình trạng', 'Lỗi cần sửa', 'Ngày tính số liệu']);
    expect(csv).toHaveLength(1 + 6);
    const b1 = csv.find((l) => l[1] === '2')!;
    expect(b1[0]).toBe('broken.csv');
    expect(b1[5]).toBe('Chưa xử lý');
    expect(b1[6]).toContain('Hình thức gửi/nhận "fax"');
    expect(b1[csv[0]!.indexOf('Mã văn bản')]).toBe('B1');
    // for systems: the machine names, comma-separated
    const machine = parseCsv(Buffer.from(await (await f.app.request('/api/quarantine/export.csv?unit=380&columns=machine')).arrayBuffer()).subarray(3).toString('utf8'));
    expect(machine[0]!.slice(0, 8)).toEqual(['file', 'row_no', 'run_id', 'loaded_at', 'source_id', 'status', 'reason', 'event_date']);
    expect(machine.find((l) => l[1] === '2')!.slice(5, 6)).toEqual(['open']);

    const xlsx = await f.app.request('/api/quarantine/export.xlsx?unit=380');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = await readWorkbook(Buffer.from(await xlsx.arrayBuffer()));
    const ws = wb.getWorksheet('Dữ liệu lỗi')!;
    expect(String(ws.getCell('A1').value)).toContain('THÀNH PHỐ THANH HÓA (MÃ 380)');
    const rows = [];
    for (let r = 5; r <= ws.rowCount; r++) rows.push(ws.getRow(r).getCell(2).value);
    expect(rows.sort()).toEqual([2, 3, 4, 5, 7, 8]);
  });

  it('the same broken export loaded again is still one row to fix each; the earlier copies are repeats', async () => {
    await load('broken-again.csv', BROKEN);
    expect((await get(`/api/rates?${Q}&unit=380`)).units[0]).toMatchObject({ quarantined_rows: 5 });
    expect((await get('/api/quarantine?status=open&unit=380')).total).toBe(6);
    const repeats = await get('/api/quarantine?status=repeated');
    expect(repeats.total).toBe(7);
    expect(repeats.rows.every((r: { file: string }) => r.file === 'broken.csv')).toBe(true);
    expect((await get('/api/quarantine?status=open&unit=380')).rows.find((r: { row_no: number }) => r.row_no === 2)).toMatchObject({ seen: 2, file: 'broken-again.csv' });
    await expectIncrementalEqualsFull();
  });

  it('a quarantined row stops counting once a corrected export of the same document is loaded', async () => {
    const fixed = await load('corrected.csv', ['380,B1,out,3/UBND,Công văn,,2020-10-06 08:00,normal,paper,false,,']);
    expect(fixed).toMatchObject({ loaded: 1, quarantined: 0 });
    // the document counts now (on paper, not signed), and its broken rows do not
    expect((await get(`/api/rates?${Q}&unit=380`)).units[0]).toMatchObject({
      out_total: 3, out_electronic: 2, quarantined_rows: 4, quarantined_as_out: 1, quarantined_as_late: 1, quarantined_as_in: 2, quarantined_as_completed: 1, complete: false,
    });
    expect((await get(`/api/rates?${Q}&area=38`)).area).toMatchObject({ quarantined_rows: 5 });
    const resolved = await get('/api/quarantine?status=resolved');
    expect(resolved.rows.map((r: { file: string; doc_id: string; resolved_by_run: number }) => [r.file, r.doc_id, r.resolved_by_run])).toEqual([
      ['broken-again.csv', 'B1', fixed.runId], ['broken.csv', 'B1', fixed.runId],
    ]);
    expect((await get('/api/quarantine?status=open&unit=380')).rows.map((r: { doc_id: string | null }) => r.doc_id)).not.toContain('B1');
    const ranked = (await get(`/api/ranking?${Q}`)).units[0];
    // 4 documents (3 electronic and signed) + 1 counted against: 3 of 5 → 0.6; 0 of 1 on time
    expect(ranked).toMatchObject({ code: '380', out_total: 5, quarantined_rows: 4, score: 0.4 });
    await expectIncrementalEqualsFull();
  });

  it('a frozen report keeps the completeness it had when frozen', async () => {
    const frozen = await f.app.request(`/api/reports/monthly/freeze?${Q}`, { method: 'POST' });
    expect(frozen.status).toBe(201);
    await load('corrected-b2.csv', ['380,B2,in,4/STC,Công văn,,2020-10-07 08:00,normal,electronic,,2020-10-10,2020-10-09 10:00']);
    // B2 counts now, as a document: its row adds nothing any more (B6 still does)
    expect((await get(`/api/rates?${Q}&unit=380`)).units[0]).toMatchObject({ quarantined_rows: 3, quarantined_as_late: 0, quarantined_as_in: 1, quarantined_as_completed: 0 });
    const json = await get('/api/reports/monthly.json?period=2020-10');
    expect(json.status).toBe('frozen');
    const district = json.rows.find((r: { code: string; section: string }) => r.code === '380' && r.section === 'district');
    expect(district.period).toMatchObject({ quarantined_rows: 4, complete: false });
  });
});
