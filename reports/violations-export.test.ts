// A unit's violating documents downloaded in full (GET /api/violations.csv|xlsx): every
// document /api/violations pages through, not only the page on screen; local times; the
// source as "hệ thống · tệp · dòng", no internal URL; Vietnamese for people, the API's
// names for systems.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishIn } from '../test/helpers/english.ts';
import { AS_OF, cellValue, fetchFile, parseCsv, readWorkbook, reportFixture, type ReportFixture } from '../test/helpers/reports.ts';

// 130 outgoing documents of 380 on paper in October 2020 (sent in the evening, UTC: the
// next morning in Vietnam), from a file whose name is a URL as an HTTP source's would be
const MANY = Array.from({ length: 130 }, (_, i) =>
  `380,M${String(i).padStart(3, '0')},out,${i}/UBND,Công văn,2020-10-15,2020-10-15T${String(10 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z,normal,paper,false,,`);

let f: ReportFixture;
let total: number;
let api: { event_time: string; doc_id: string; row_no: number; reasons: string[] }[];
beforeAll(async () => {
  f = await reportFixture();
  await f.loadMore('many.csv', MANY);
  const first = (await f.api(`/api/violations?unit=380&period=2020-10&as_of=${AS_OF}&limit=1000`)).body;
  total = first.total;
  api = first.rows;
}, 120_000);
afterAll(() => f?.close());

const local = (iso: string) => {
  const t = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)} ${t.slice(11, 16)}`;
};

describe('GET /api/violations.csv', () => {
  it('holds every document, not the 50 of a page, with local times and the source without a URL', async () => {
    expect(total).toBeGreaterThan(130);
    const res = await fetchFile(f.app, `/api/violations.csv?unit=380&period=2020-10&as_of=${AS_OF}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expect(res.disposition).toBe(`attachment; filename="van-ban-chua-dat-380-2020-10-den-${AS_OF}.csv"`);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parseCsv(res.bytes.subarray(3).toString('utf8'), ';');
    const header = lines[0]!;
    expect(header).toEqual(['Mã đơn vị', 'Số, ký hiệu', 'Ngày văn bản', 'Loại văn bản', 'Đi/Đến', 'Thời gian gửi/nhận', 'Hạn xử lý', 'Hoàn thành lúc', 'Lý do', 'Ghi chú dữ liệu', 'Nguồn (hệ thống · tệp · dòng)', 'Mã văn bản trên hệ thống']);
    expect(englishIn(header.join(' '))).toEqual([]);
    const rows = lines.slice(1);
    expect(rows).toHaveLength(total);
    // in the API's order, each with its local time and where it came from
    expect(rows.map((r) => r[11])).toEqual(api.map((d) => d.doc_id));
    rows.forEach((r, i) => {
      expect(r[5]).toBe(local(api[i]!.event_time));
      expect(r[10]).toMatch(new RegExp(`^test · (fixture|many)\\.csv · dòng ${api[i]!.row_no}$`));
    });
    // 21:59 UTC on 15 October is 04:59 on the 16th in Vietnam
    expect(rows.find((r) => r[11] === 'M119')![5]).toBe('16/10/2020 04:59');
    expect(res.bytes.toString('utf8')).not.toMatch(/https?:|:\/\//);
  });

  it('keeps to a reason when asked, and gives systems the API\'s names with columns=machine', async () => {
    const late = parseCsv((await fetchFile(f.app, `/api/violations.csv?unit=P01&period=2020-10&as_of=${AS_OF}&reason=late`)).bytes.subarray(3).toString('utf8'), ';');
    expect(late.slice(1).map((r) => r[11])).toEqual(['O4']);
    expect(late[1]![8]).toBe('Xử lý trễ hạn');
    const machine = parseCsv((await fetchFile(f.app, `/api/violations.csv?unit=380&period=2020-10&as_of=${AS_OF}&columns=machine`)).bytes.subarray(3).toString('utf8'));
    expect(machine[0]).toEqual(['unit_code', 'doc_id', 'direction', 'number', 'doc_type', 'doc_date', 'event_time', 'event_date', 'deadline', 'completed_time', 'reasons', 'notes', 'source_id', 'file', 'row_no']);
    expect(machine).toHaveLength(total + 1);
    expect(machine[1]![6]).toBe(api[0]!.event_time);
    expect(machine[1]![10]).toBe(api[0]!.reasons.join(','));
  });

  it('refuses a unit that does not exist, in the API\'s error shape', async () => {
    const res = await f.api(`/api/violations.csv?unit=99999&period=2020-10&as_of=${AS_OF}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unknown_unit');
  });
});

describe('GET /api/violations.xlsx', () => {
  it('holds every document with its dates and local times as Excel dates', async () => {
    const res = await fetchFile(f.app, `/api/violations.xlsx?unit=380&period=2020-10&as_of=${AS_OF}`);
    expect(res.status).toBe(200);
    expect(res.disposition).toBe(`attachment; filename="van-ban-chua-dat-380-2020-10-den-${AS_OF}.xlsx"`);
    const wb = await readWorkbook(res.bytes);
    const ws = wb.getWorksheet('Văn bản chưa đạt')!;
    expect(String(ws.getCell('A1').value)).toContain('THÀNH PHỐ THANH HÓA (MÃ 380)');
    const docs: unknown[][] = [];
    for (let r = 4; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (typeof row.getCell(1).value === 'number') docs.push([row.getCell(12).value, row.getCell(6).value, row.getCell(6).numFmt, cellValue(row.getCell(3)), row.getCell(11).value]);
    }
    expect(docs).toHaveLength(total);
    expect(docs.map((d) => d[0])).toEqual(api.map((d) => d.doc_id));
    const m119 = docs.find((d) => d[0] === 'M119')!;
    // the Vietnam wall-clock time, as a date cell
    expect((m119[1] as Date).toISOString().slice(0, 16)).toBe('2020-10-16T04:59');
    expect(m119[2]).toBe('dd/mm/yyyy hh:mm');
    expect(m119[3]).toBe('2020-10-15');
    expect(String(m119[4])).toMatch(/^test · many\.csv · dòng \d+$/);
    expect(String(ws.getRow(4 + total).getCell(2).value)).toBe(`Tổng số: ${total} văn bản`);
  });
});
