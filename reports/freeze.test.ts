// Frozen periods (issue 5): once frozen, a period's report keeps the numbers that were
// sent, whatever is loaded later; a correction is a restatement beside them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { col, SHEET_NAMES } from './monthly-xlsx.ts';
import { AS_OF, dataRows, fetchFile, readWorkbook, reportFixture, type ReportFixture } from '../test/helpers/reports.ts';

let f: ReportFixture;
beforeAll(async () => {
  f = await reportFixture();
});
afterAll(() => f.close());

const post = async (path: string) => {
  const res = await f.app.request(path, { method: 'POST' });
  return { status: res.status, body: await res.json() };
};
const p01 = async () => (await f.api(`/api/rates?period=2020-10&unit=P01&as_of=${AS_OF}`)).body.units[0];
const rowsOf = async (path: string) => {
  const wb = await readWorkbook((await fetchFile(f.app, path)).bytes);
  return { wb, main: wb.getWorksheet(SHEET_NAMES.main)! };
};

describe('freezing the monthly figures', () => {
  it('keeps the reported numbers after later loads, says when they were frozen, and shows corrections as a restatement', async () => {
    // 1. frozen as sent: the numbers are those of the API at that moment
    const live = (await f.api(`/api/reports/monthly.json?period=2020-10&as_of=${AS_OF}`)).body;
    expect(live.status).toBe('provisional');
    const frozen = await post(`/api/reports/monthly/freeze?period=2020-10&as_of=${AS_OF}`);
    expect(frozen.status).toBe(201);
    expect(frozen.body).toMatchObject({ period: '2020-10', created: true, version: { version: 1, as_of: AS_OF, frozen_at: '2020-11-06T01:00:00Z', frozen_by: 'api' } });
    const json1 = (await f.api('/api/reports/monthly.json?period=2020-10')).body;
    expect(json1).toMatchObject({ status: 'frozen', version: 1, as_of: AS_OF, frozen_at: '2020-11-06T01:00:00Z', live_differs: false, versions: [expect.objectContaining({ version: 1 })] });
    expect(json1.rows).toEqual(live.rows);
    const csv1 = (await fetchFile(f.app, '/api/reports/monthly.csv?period=2020-10')).bytes;
    const x1 = await rowsOf('/api/reports/monthly.xlsx?period=2020-10');
    expect(String(x1.main.getCell('A9').value)).toContain('Số liệu đã chốt ngày 06/11/2020 lúc 08:00, tính đến hết ngày 05/11/2020 (phiên bản 1).');
    // (monthly.test.ts checks such a sheet against the API cell by cell; here: it is the same as before freezing)
    expect(dataRows(x1.main).get('P01')!.getCell(col('period.out_total')).value).toBe(4);
    const before = await p01();
    expect(before).toMatchObject({ out_total: 4, out_electronic: 3, in_on_time: 1, in_late: 1 });

    // 2. a later export adds an October document and corrects a completion: the live figures move
    await f.loadMore('late.csv', [
      'P01,L1,out,20/VP,Công văn,2020-10-20,2020-10-20 08:00,normal,paper,false,,',
      'P01,O5,in,7/STC,Công văn,2020-10-05,2020-10-05 08:00,normal,electronic,,2020-10-09,2020-10-12 10:00',
    ]);
    const after = await p01();
    expect(after).toMatchObject({ out_total: 5, out_electronic: 3, in_on_time: 0, in_late: 2, on_time_rate: 0 });

    // 3. re-exporting the frozen period gives the same numbers, byte for byte in CSV
    expect((await fetchFile(f.app, '/api/reports/monthly.csv?period=2020-10')).bytes.equals(csv1)).toBe(true);
    const json2 = (await f.api('/api/reports/monthly.json?period=2020-10')).body;
    expect(json2.rows).toEqual(json1.rows);
    expect(json2).toMatchObject({ status: 'frozen', version: 1, live_differs: true });
    const x2 = await rowsOf('/api/reports/monthly.xlsx?period=2020-10');
    const [rows1, rows2] = [dataRows(x1.main), dataRows(x2.main)];
    expect([...rows2.keys()]).toEqual([...rows1.keys()]);
    for (const [code, row] of rows1) {
      expect(rows2.get(code)!.values, code).toEqual(row.values);
    }
    expect(rows2.get('P01')!.getCell(col('period.out_total')).value).toBe(4);
    expect(String(x2.main.getCell('A9').value)).toMatch(/Số liệu đã chốt ngày 06\/11\/2020 lúc 08:00.*Lưu ý: dữ liệu nhận sau khi chốt/);

    // 4. the restatement: the figures recomputed at the frozen as_of, what changed highlighted
    const draft = (await f.api('/api/reports/monthly.json?period=2020-10&restatement=true')).body;
    expect(draft).toMatchObject({ status: 'restatement_draft', version: null, restates_version: 1, as_of: AS_OF });
    // (the report keeps the figures and their completeness; what the ranking rule adds, and a
    // body's paper_to_office a scorecard may take points off for, are in the rank)
    const { code: _c, name: _n, level: _l, parent_code: _p, quarantined_as_out: _o, quarantined_as_late: _a, quarantined_as_in: _i, quarantined_as_completed: _d, paper_to_office: _t, ...afterFigures } = after;
    expect(draft.rows.find((r: { code: string }) => r.code === 'P01').period).toEqual(afterFigures);
    expect(draft.differences).toEqual(expect.arrayContaining([
      { code: 'P01', name: 'Văn phòng UBND tỉnh', part: 'period', field: 'out_total', reported: 4, now: 5 },
      { code: '38', name: 'Toàn tỉnh', part: 'period', field: 'out_total', reported: 14, now: 15 },
      { code: 'P01', name: 'Văn phòng UBND tỉnh', part: 'period', field: 'on_time_rate', reported: 0.5, now: 0 },
    ]));
    const xd = await rowsOf('/api/reports/monthly.xlsx?period=2020-10&restatement=true');
    expect(xd.wb.worksheets.map((s) => s.name)).toEqual([SHEET_NAMES.main, 'Đã báo cáo (phiên bản 1)', SHEET_NAMES.ranking, SHEET_NAMES.definitions]);
    const draftP01 = dataRows(xd.main).get('P01')!.getCell(col('period.out_total'));
    expect(draftP01.value).toBe(5);
    expect((draftP01.fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFFF00');
    expect((dataRows(xd.main).get('P02')!.getCell(col('period.out_total')).fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb).not.toBe('FFFFFF00');
    expect(dataRows(xd.wb.getWorksheet('Đã báo cáo (phiên bản 1)')!).get('P01')!.getCell(col('period.out_total')).value).toBe(4);
    expect(String(xd.main.getCell('A9').value)).toContain('DỰ THẢO SỐ LIỆU ĐIỀU CHỈNH');

    // 5. the restatement frozen as version 2: version 1 stays what the report shows by default
    const restated = await post('/api/reports/monthly/restate?period=2020-10');
    expect(restated.status).toBe(201);
    expect(restated.body).toMatchObject({ created: true, version: { version: 2, as_of: AS_OF } });
    expect((await post('/api/reports/monthly/restate?period=2020-10')).body).toMatchObject({ created: false, version: { version: 2 } });
    const json3 = (await f.api('/api/reports/monthly.json?period=2020-10')).body;
    expect(json3).toMatchObject({ status: 'frozen', version: 1, live_differs: false });
    expect(json3.rows).toEqual(json1.rows);
    expect(json3.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const v2 = (await f.api('/api/reports/monthly.json?period=2020-10&version=2')).body;
    expect(v2.rows).toEqual(draft.rows);
    expect((await fetchFile(f.app, '/api/reports/monthly.csv?period=2020-10&version=2')).disposition).toContain('chi-thi-15-bao-cao-2020-10-v2.csv');
    const x3 = await rowsOf('/api/reports/monthly.xlsx?period=2020-10');
    expect(x3.wb.worksheets.map((s) => s.name)).toEqual([SHEET_NAMES.main, 'Điều chỉnh lần 1', SHEET_NAMES.ranking, SHEET_NAMES.definitions]);
    expect(dataRows(x3.main).get('P01')!.getCell(col('period.out_total')).value).toBe(4);
    expect(dataRows(x3.wb.getWorksheet('Điều chỉnh lần 1')!).get('P01')!.getCell(col('period.out_total')).value).toBe(5);
    expect((await f.api('/api/reports/freezes')).body.freezes.map((v: { period: string; version: number }) => [v.period, v.version])).toEqual([['2020-10', 1], ['2020-10', 2]]);

    // 6. the store: two versions, each with every line of the report in its three parts
    const stored = await f.w.rows<{ version: number; n: number }>(`SELECT version::INTEGER AS version, count(*)::INTEGER AS n FROM report_frozen_rows GROUP BY version ORDER BY version`);
    expect(stored).toEqual([{ version: 1, n: 51 * 3 }, { version: 2, n: 51 * 3 }]);
  });

  it('freezes once: again changes nothing, another as_of is refused, and two at once make one version', async () => {
    const [a, b] = await Promise.all([post('/api/reports/monthly/freeze?period=2020-09&as_of=2020-10-31'), post('/api/reports/monthly/freeze?period=2020-09&as_of=2020-10-31')]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect((await post('/api/reports/monthly/freeze?period=2020-09')).body).toMatchObject({ created: false, version: { version: 1, as_of: '2020-10-31' } });
    const other = await post('/api/reports/monthly/freeze?period=2020-09&as_of=2020-11-30');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('period_frozen');
    const read = await f.api('/api/reports/monthly.json?period=2020-09&as_of=2020-11-30');
    expect(read.status).toBe(409);
    expect(read.body.error.code).toBe('period_frozen');
    expect((await f.api('/api/reports/monthly.json?period=2020-09&as_of=2020-10-31')).body).toMatchObject({ status: 'frozen', version: 1 });
    expect((await f.api('/api/reports/monthly.json?period=2020-09&version=7')).status).toBe(404);
    expect((await post('/api/reports/monthly/restate?period=2020-08')).body.error.code).toBe('not_frozen');
    expect((await post('/api/reports/monthly/freeze?period=2020-10-01')).status).toBe(400);
    expect((await f.w.rows(`SELECT * FROM report_freezes WHERE period = '2020-09'`))).toHaveLength(1);
  });
});
