import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';
import { loadRun, warmDocuments } from './load.ts';

const HEADER = 'unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time';

let w: TestWarehouse;
beforeEach(async () => {
  w = await testWarehouse();
});
afterEach(() => w.close());

interface Doc {
  unit_code: string; doc_id: string; direction: string; number: string | null; doc_type: string | null;
  doc_date: string | null; event_time: string; local_date: string; security: string; channel: string | null;
  signed: boolean | null; deadline: string | null; completed_time: string | null; row_no: number; run_id: number;
}

const docs = () =>
  w.rows<Doc>(`
    SELECT unit_code, doc_id, direction, number, doc_type, doc_date::VARCHAR AS doc_date,
           strftime(event_time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS event_time,
           (event_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::DATE::VARCHAR AS local_date,
           security, channel, signed, deadline::VARCHAR AS deadline,
           strftime(completed_time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS completed_time,
           row_no::INTEGER AS row_no, run_id::INTEGER AS run_id
    FROM documents ORDER BY unit_code, doc_id`);

const quarantine = () =>
  w.rows<{ file: string; row_no: number; field: string | null; reason: string; codes: string[] }>(`
    SELECT file, row_no::INTEGER AS row_no, field, reason, list_transform(problems, p -> p.code) AS codes
    FROM quarantine ORDER BY run_id, file_seq, row_no`);

describe('canonical CSV', () => {
  it('loads every column, with times read as instants and business dates in Vietnam time', async () => {
    const f = w.file('canonical.csv', [
      HEADER,
      'P01,A1,out,125/UBND-VP,Công văn,2020-05-21,2020-05-21T18:30:00Z,normal,electronic,true,,',
      'P01,A2,in,7/SYT,Quyết định,21/05/2020,2020-05-22 08:15,normal,paper,,2020-06-01,2020-05-30T10:00:00+07:00',
      'P01,A3,out,"1,2/UBND",Báo cáo,2020-05-22,22/05/2020 23:59,secret,both,false,,',
    ].join('\n'));
    const run = await w.load([f]);
    expect(run).toMatchObject({ status: 'succeeded', received: 3, loaded: 3, updated: 0, unchanged: 0, quarantined: 0 });
    const rows = await docs();
    expect(rows).toEqual([
      expect.objectContaining({ doc_id: 'A1', direction: 'out', number: '125/UBND-VP', doc_type: 'Công văn', doc_date: '2020-05-21', event_time: '2020-05-21T18:30:00Z', local_date: '2020-05-22', security: 'normal', channel: 'electronic', signed: true, deadline: null, completed_time: null, row_no: 2 }),
      expect.objectContaining({ doc_id: 'A2', direction: 'in', doc_date: '2020-05-21', event_time: '2020-05-22T01:15:00Z', local_date: '2020-05-22', channel: 'paper', signed: null, deadline: '2020-06-01', completed_time: '2020-05-30T03:00:00Z', row_no: 3 }),
      expect.objectContaining({ doc_id: 'A3', number: '1,2/UBND', event_time: '2020-05-22T16:59:00Z', local_date: '2020-05-22', security: 'secret', channel: 'both', signed: false, row_no: 4 }),
    ]);
  });

  it('runs under its memory limit (LOAD_MEMORY_MB) and gives DuckDB its own back after, failed or not', async () => {
    const limit = async () => String((await w.db.all<{ v: string }>(`SELECT current_setting('memory_limit') AS v`))[0]!.v);
    const before = await limit();
    const during: Promise<string>[] = [];
    const load = (name: string, lines: string[]) => loadRun({ ...w, loadMemoryMb: 300 }, {
      sourceId: 'test', trigger: 'test', files: [{ path: w.file(name, lines.join('\n')), name }],
      onProgress: () => { during.push(limit()); },
    });
    expect(await load('limited.csv', [HEADER, 'P01,M1,out,1/X,Công văn,2020-05-21,2020-05-21T08:00:00+07:00,normal,electronic,true,,']))
      .toMatchObject({ status: 'succeeded', loaded: 1 });
    expect(during.length).toBeGreaterThan(0);
    expect(new Set(await Promise.all(during))).toEqual(new Set(['300.0 MiB']));
    expect(await limit()).toBe(before);
    expect(await load('broken.csv', ['not,an,export', '1,2,3'])).toMatchObject({ status: 'failed' });
    expect(await limit()).toBe(before);
  });

  it('accepts a BOM, semicolons and CRLF line ends', async () => {
    const f = w.file('semi.csv', `\uFEFF${HEADER.replaceAll(',', ';')}\r\nP02;B1;out;1/SNV;Công văn;2020-06-01;2020-06-01T08:00:00+07:00;normal;electronic;true;;\r\n`);
    expect(await w.load([f])).toMatchObject({ status: 'succeeded', loaded: 1 });
    expect((await docs())[0]).toMatchObject({ unit_code: 'P02', doc_id: 'B1', signed: true, event_time: '2020-06-01T01:00:00Z' });
  });

  it('accepts every offset form and local times without one', async () => {
    const times = ['2020-05-21T18:30:00Z', '2020-05-22T01:30:00+07:00', '2020-05-22T01:30:00+0700', '2020-05-22 01:30+07', '2020-05-22 01:30', '22/05/2020 01:30', '22/05/2020 01:30:00', '01:30 22/05/2020', '2020-05-22T01:30:00.000'];
    const f = w.file('times.csv', [HEADER, ...times.map((t, i) => `P01,T${i},out,,,,${t},normal,electronic,true,,`)].join('\n'));
    expect(await w.load([f])).toMatchObject({ loaded: times.length, quarantined: 0 });
    expect(new Set((await docs()).map((d) => d.event_time))).toEqual(new Set(['2020-05-21T18:30:00Z']));
  });
});

describe('Vietnamese exports', () => {
  const viHeader = 'Mã đơn vị;Mã văn bản;Loại sổ;Số ký hiệu;Loại văn bản;Ngày văn bản;Thời gian gửi/nhận;Độ mật;Hình thức;Ký số;Hạn xử lý;Ngày hoàn thành';

  it('maps Vietnamese headers and values in any case and Unicode form', async () => {
    const rows = [
      '380;V1;Đi;12/UBND;Công văn;01/07/2020;01/07/2020 08:00;Thường;Điện tử;Có;;',
      '380;V2;ĐẾN;3/STC;Công văn;01/07/2020;01/07/2020 09:00;thường;Giấy;;10/07/2020;09/07/2020 16:00',
      '380;V3;văn bản đi;13/UBND;Tờ trình;02/07/2020;02/07/2020 10:00;Tối mật;Điện tử và giấy;Không;;',
      '380;V4;Đi;14/UBND;Công văn;02/07/2020;02/07/2020 11:00;Tuyệt mật;Giấy;x;;',
      '380;V5;Đi;15/UBND;Công văn;02/07/2020;02/07/2020 11:00;Mật;DIEN TU;1;;',
      '380;V6;Đi;16/UBND;Công văn;02/07/2020;02/07/2020 11:00;Thường;giấy;0;;',
    ];
    const nfd = `${viHeader}\n${rows.join('\n')}\n`.normalize('NFD');
    const f = w.file('vi.csv', nfd);
    expect(await w.load([f])).toMatchObject({ status: 'succeeded', loaded: 6, quarantined: 0 });
    const got = await docs();
    expect(got.map((d) => [d.doc_id, d.direction, d.security, d.channel, d.signed])).toEqual([
      ['V1', 'out', 'normal', 'electronic', true],
      ['V2', 'in', 'normal', 'paper', null],
      ['V3', 'out', 'top_secret', 'both', false],
      ['V4', 'out', 'absolute_secret', 'paper', true],
      ['V5', 'out', 'secret', 'electronic', true],
      ['V6', 'out', 'normal', 'paper', false],
    ]);
    // text is stored in NFC whatever form it came in
    expect(got[2]!.doc_type).toBe('Tờ trình'.normalize('NFC'));
    expect(got[1]).toMatchObject({ deadline: '2020-07-10', completed_time: '2020-07-09T09:00:00Z' });
  });

  it('maps a vendor dialect through a per-source mapping in settings, without code', async () => {
    const body = JSON.stringify([
      { ma_dv: '16279', id: 'X-1', loai: 'VB_DI', so_ky_hieu: '5/UBND', loai_vb: 'Công văn', ngay_vb: '2020-09-01', thoi_gian: '2020-09-01T02:00:00Z', do_mat: 0, kenh: 'DT', ky_so: 1, han_xu_ly: null, hoan_thanh: null },
      { ma_dv: '16279', id: 'X-2', loai: 'VB_DEN', so_ky_hieu: '9/UBND', loai_vb: 'Giấy mời', ngay_vb: '2020-09-01', thoi_gian: '2020-09-01T03:00:00Z', do_mat: 1, kenh: 'DT_GIAY', ky_so: 0, han_xu_ly: '2020-09-05', hoan_thanh: '2020-09-06T01:00:00Z' },
    ]);
    const mapping = w.config.settings.mappings['voffice'];
    expect(mapping).toBeDefined();
    const run = await w.load([w.file('voffice.json', body)], { mapping: mapping! });
    expect(run).toMatchObject({ status: 'succeeded', loaded: 2, quarantined: 0 });
    expect((await docs()).map((d) => [d.doc_id, d.direction, d.security, d.channel, d.signed, d.deadline])).toEqual([
      ['X-1', 'out', 'normal', 'electronic', true, null],
      ['X-2', 'in', 'secret', 'both', false, '2020-09-05'],
    ]);
  });

  it('fills a column the export lacks from the mapping defaults (a unit system exports no unit code)', async () => {
    const f = w.file('own.csv', 'doc_id,direction,event_time,security,channel,signed,deadline,completed_time\nD1,out,2020-07-02 08:00,normal,electronic,true,,\n');
    const run = await w.load([f], { mapping: { headers: {}, values: {}, emptyIsError: [], defaults: { unit_code: '381' } } });
    expect(run).toMatchObject({ status: 'succeeded', loaded: 1 });
    expect((await docs())[0]).toMatchObject({ unit_code: '381', doc_id: 'D1' });
  });

  it("lets a source's mapping give a canonical spelling another meaning (its system writes in and out the other way round)", async () => {
    const f = w.file('swapped.csv', `${HEADER}\nP01,S1,in,,,,2020-07-02 08:00,normal,electronic,true,,\nP01,S2,out,,,,2020-07-02 08:00,normal,,,,\n`);
    const run = await w.load([f], { mapping: { headers: {}, values: { direction: { in: 'out', out: 'in' } }, defaults: {}, emptyIsError: [] } });
    expect(run).toMatchObject({ status: 'succeeded', loaded: 2 });
    expect((await docs()).map((d) => [d.doc_id, d.direction])).toEqual([['S1', 'out'], ['S2', 'in']]);
  });
});

describe('XLSX and JSON', () => {
  it('reads the first sheet: real date cells, Excel serial days, numbers and formulas', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sổ văn bản');
    ws.addRow(['Mã đơn vị', 'Mã văn bản', 'Loại sổ', 'Số ký hiệu', 'Loại văn bản', 'Ngày văn bản', 'Thời gian gửi/nhận', 'Độ mật', 'Hình thức', 'Ký số', 'Hạn xử lý', 'Ngày hoàn thành']);
    ws.addRow([380, 'X1', 'Đi', '1/UBND', 'Công văn', new Date(Date.UTC(2020, 6, 1)), new Date(Date.UTC(2020, 6, 1, 8, 30)), 'Thường', 'Điện tử', 'Có', null, null]);
    // 44013 = 2020-07-01, 44013.75 = 18:00 that day (local wall-clock time)
    ws.addRow(['380', 'X2', 'Đến', '2/STC', 'Công văn', 44013, 44013.75, 'Thường', 'Giấy', null, 44020, { formula: 'G3+1', result: 44014.5 }]);
    ws.addRow([]);
    ws.addRow(['380', 'X3', 'Đi', { formula: 'CONCAT("3/","UBND")', result: '3/UBND' }, 'Công văn', '01/07/2020', '01/07/2020 10:00', 'Thường', 'Giấy', 'Không', null, null]);
    const path = `${w.dir}/register.xlsx`;
    await wb.xlsx.writeFile(path);
    const run = await w.load([path]);
    expect(run).toMatchObject({ status: 'succeeded', received: 3, loaded: 3, quarantined: 0 });
    const got = await docs();
    expect(got.map((d) => [d.doc_id, d.doc_date, d.event_time, d.number, d.deadline, d.completed_time, d.row_no])).toEqual([
      ['X1', '2020-07-01', '2020-07-01T01:30:00Z', '1/UBND', null, null, 2],
      ['X2', '2020-07-01', '2020-07-01T11:00:00Z', '2/STC', '2020-07-08', '2020-07-02T05:00:00Z', 3],
      ['X3', '2020-07-01', '2020-07-01T03:00:00Z', '3/UBND', null, null, 5],
    ]);
  });

  it('reads a JSON array of objects, numbers and booleans as written', async () => {
    const body = JSON.stringify([
      { unit_code: 'P03', doc_id: 1001, direction: 'out', event_time: '2020-06-01T01:00:00Z', security: 'normal', channel: 'electronic', signed: true, deadline: null, completed_time: null },
      { unit_code: 'P03', doc_id: '1002', direction: 'in', event_time: '2020-06-01T02:00:00Z', security: 'normal', channel: null, signed: null, deadline: '2020-06-03', completed_time: null, extra: { nested: 1 } },
    ]);
    const run = await w.load([w.file('page.json', body)]);
    expect(run).toMatchObject({ status: 'succeeded', loaded: 2 });
    expect((await docs()).map((d) => [d.doc_id, d.signed, d.row_no])).toEqual([['1001', true, 1], ['1002', null, 2]]);
  });
});

describe('re-loading and updating', () => {
  it('changes nothing when the same export is loaded twice', async () => {
    const f = w.file('a.csv', `${HEADER}\nP01,A1,out,,,,2020-06-01 08:00,normal,electronic,true,,\nP01,A2,in,,,,2020-06-01 09:00,normal,,,2020-06-05,\n`);
    expect(await w.load([f])).toMatchObject({ loaded: 2, updated: 0, unchanged: 0 });
    const before = await docs();
    expect(await w.load([f])).toMatchObject({ received: 2, loaded: 0, updated: 0, unchanged: 2, quarantined: 0 });
    expect(await docs()).toEqual(before);
    expect(await w.rows(`SELECT count(*)::INTEGER AS n FROM document_history`)).toEqual([{ n: 0 }]);
  });

  it('updates a document from a later export and keeps the earlier version', async () => {
    await w.load([w.file('day1.csv', `${HEADER}\nP01,A2,in,,,,2020-06-01 09:00,normal,,,2020-06-05,\n`)]);
    const run = await w.load([w.file('day2.csv', `${HEADER}\nP01,A2,in,,,,2020-06-01 09:00,normal,,,2020-06-05,2020-06-04 15:00\nP01,A3,out,,,,2020-06-02 09:00,normal,paper,false,,\n`)]);
    expect(run).toMatchObject({ received: 2, loaded: 1, updated: 1, unchanged: 0 });
    const rows = await docs();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ doc_id: 'A2', completed_time: '2020-06-04T08:00:00Z', run_id: run.runId });
    expect(await w.rows(`SELECT doc_id, completed_time IS NULL AS was_open, superseded_by_run::INTEGER AS by FROM document_history`)).toEqual([
      { doc_id: 'A2', was_open: true, by: run.runId },
    ]);
  });

  it('counts an identical repeat within a run as unchanged and quarantines a conflicting one', async () => {
    const f = w.file('dups.csv', [
      HEADER,
      'P01,D1,out,,,,2020-06-01 08:00,normal,electronic,true,,',
      'P01,D1,out,,,,2020-06-01 08:00,normal,electronic,true,,',
      'P01,D1,out,,,,2020-06-01 08:00,normal,paper,false,,',
    ].join('\n'));
    expect(await w.load([f])).toMatchObject({ received: 3, loaded: 1, unchanged: 1, quarantined: 1 });
    expect(await quarantine()).toEqual([
      expect.objectContaining({ row_no: 4, field: 'doc_id', codes: ['duplicate_conflict'], reason: expect.stringContaining('first at row 2 of dups.csv') }),
    ]);
    expect((await docs())[0]).toMatchObject({ channel: 'electronic' });
  });

  it('decides a key repeated in the run and already in the warehouse by its first row, and tells units with the same doc_id apart', async () => {
    const first = await w.load([w.file('day1.csv', [
      HEADER,
      'P01,K1,out,,,,2020-06-01 08:00,normal,electronic,true,,',
      'P01,K2,out,,,,2020-06-01 08:00,normal,electronic,true,,',
      'P01,K3,out,,,,2020-06-01 08:00,normal,electronic,true,,',
      'P01,K4,in,,,,2020-06-01 08:00,normal,,,2020-06-05,',
      'P02,K4,in,,,,2020-06-01 08:00,normal,,,2020-06-05,',
    ].join('\n'))]);
    expect(first).toMatchObject({ loaded: 5 });
    const run = await w.load([w.file('day2.csv', [
      HEADER,
      // K1: changed, then the same new values again (a duplicate)
      'P01,K1,out,,,,2020-06-01 08:00,normal,paper,false,,',
      'P01,K1,out,,,,2020-06-01 08:00,normal,paper,false,,',
      // K2: as in the warehouse (same), then other values (a conflict: the first row decides)
      'P01,K2,out,,,,2020-06-01 08:00,normal,electronic,true,,',
      'P01,K2,out,,,,2020-06-01 08:00,normal,paper,false,,',
      // K3: changed, then other values again (a conflict)
      'P01,K3,out,,,,2020-06-01 08:00,normal,both,true,,',
      'P01,K3,out,,,,2020-06-01 08:00,normal,paper,false,,',
      // K4 of P02 completed; K4 of P01 untouched; K4 of P03 is new (the same doc_id in a third unit)
      'P02,K4,in,,,,2020-06-01 08:00,normal,,,2020-06-05,2020-06-03 10:00',
      'P03,K4,in,,,,2020-06-01 08:00,normal,,,2020-06-05,',
      // K5: new, twice the same
      'P01,K5,out,,,,2020-06-02 08:00,normal,electronic,true,,',
      'P01,K5,out,,,,2020-06-02 08:00,normal,electronic,true,,',
    ].join('\n'))]);
    expect(run).toMatchObject({ status: 'succeeded', received: 10, loaded: 2, updated: 3, unchanged: 3, quarantined: 2 });
    expect((await quarantine()).map((q) => [q.row_no, q.codes])).toEqual([[5, ['duplicate_conflict']], [7, ['duplicate_conflict']]]);
    expect(await w.rows(`
      SELECT unit_code, doc_id, channel, completed_time IS NOT NULL AS completed, run_id::INTEGER AS run, first_run_id::INTEGER AS first_run, row_no::INTEGER AS row_no
      FROM documents ORDER BY doc_id, unit_code`)).toEqual([
      { unit_code: 'P01', doc_id: 'K1', channel: 'paper', completed: false, run: run.runId, first_run: first.runId, row_no: 2 },
      { unit_code: 'P01', doc_id: 'K2', channel: 'electronic', completed: false, run: first.runId, first_run: first.runId, row_no: 3 },
      { unit_code: 'P01', doc_id: 'K3', channel: 'both', completed: false, run: run.runId, first_run: first.runId, row_no: 6 },
      { unit_code: 'P01', doc_id: 'K4', channel: null, completed: false, run: first.runId, first_run: first.runId, row_no: 5 },
      { unit_code: 'P02', doc_id: 'K4', channel: null, completed: true, run: run.runId, first_run: first.runId, row_no: 8 },
      { unit_code: 'P03', doc_id: 'K4', channel: null, completed: false, run: run.runId, first_run: run.runId, row_no: 9 },
      { unit_code: 'P01', doc_id: 'K5', channel: 'electronic', completed: false, run: run.runId, first_run: run.runId, row_no: 10 },
    ]);
    expect(await w.rows(`
      SELECT unit_code, doc_id, channel, completed_time IS NOT NULL AS completed, run_id::INTEGER AS run, superseded_by_run::INTEGER AS by
      FROM document_history ORDER BY doc_id, unit_code`)).toEqual([
      { unit_code: 'P01', doc_id: 'K1', channel: 'electronic', completed: false, run: first.runId, by: run.runId },
      { unit_code: 'P01', doc_id: 'K3', channel: 'electronic', completed: false, run: first.runId, by: run.runId },
      { unit_code: 'P02', doc_id: 'K4', channel: null, completed: false, run: first.runId, by: run.runId },
    ]);
  });

  it('fails the run and changes nothing when the merge would leave a document twice (the safety net)', async () => {
    await w.load([w.file('a.csv', `${HEADER}\nP01,S1,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`)]);
    // a warehouse that holds the document twice already, as no load leaves it
    await w.rows(`INSERT INTO documents SELECT * FROM documents`);
    const run = await w.load([w.file('b.csv', `${HEADER}\nP01,S1,out,,,,2020-06-01 08:00,normal,paper,false,,\n`)]);
    expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Internal error: the load would leave/) });
    // the first net to catch it: the rows the merge's statements changed (both copies replaced,
    // and the one row of the run inserted twice, once for each)
    expect(run.error).toContain('it would delete 2 documents and keep 2 earlier versions where 2 are replaced, and insert 2 where 1 are loaded or updated');
    expect(await w.rows(`SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE channel = 'electronic')::INTEGER AS kept FROM documents`)).toEqual([{ n: 2, kept: 2 }]);
    expect(await w.rows(`SELECT count(*)::INTEGER AS n FROM document_history`)).toEqual([{ n: 0 }]);
  });

  it('updates the right documents, and only those, when the warehouse holds many (more than one row group)', async () => {
    // 300 k documents: DuckDB's row groups hold 122,880 rows, so the documents the next run
    // updates lie in several of them, and the rows it deletes are found by their place there
    const N = 300_000;
    const row = (i: number, completed = '') => `P0${1 + (i % 3)},M${i},in,,,,2020-06-01 08:00,normal,,,2020-06-09,${completed}`;
    const lines = [HEADER];
    for (let i = 0; i < N; i++) lines.push(row(i));
    const first = await w.load([w.file('all.csv', `${lines.join('\n')}\n`)]);
    expect(first).toMatchObject({ status: 'succeeded', loaded: N });
    await w.rows(`CREATE TABLE before AS FROM documents`);
    // every 997th document completed, every 1,009th sent again as it was, 500 new ones
    const day = [HEADER];
    const changed = new Set<number>();
    for (let i = 0; i < N; i += 997) { day.push(row(i, '2020-06-05 10:00')); changed.add(i); }
    let same = 0;
    for (let i = 5; i < N; i += 1009) if (!changed.has(i)) { day.push(row(i)); same++; }
    for (let i = N; i < N + 500; i++) day.push(row(i));
    const run = await w.load([w.file('day.csv', `${day.join('\n')}\n`)]);
    expect(run).toMatchObject({ status: 'succeeded', loaded: 500, updated: changed.size, unchanged: same, quarantined: 0 });
    const ids = (sql: string) => w.rows<{ id: number }>(sql).then((r) => r.map((x) => x.id));
    // every document once; the changed ones from this run, completed; every other one as it was
    expect(await w.rows(`SELECT count(*)::INTEGER AS n, count(DISTINCT (unit_code, doc_id))::INTEGER AS keys FROM documents`)).toEqual([{ n: N + 500, keys: N + 500 }]);
    expect(await ids(`SELECT substr(doc_id, 2)::INTEGER AS id FROM documents WHERE run_id = ${run.runId} AND first_run_id = ${first.runId} AND completed_time IS NOT NULL ORDER BY id`)).toEqual([...changed].sort((a, b) => a - b));
    expect(await w.rows(`SELECT count(*)::INTEGER AS n FROM (FROM before WHERE substr(doc_id, 2)::INTEGER % 997 <> 0 EXCEPT ALL FROM documents)`)).toEqual([{ n: 0 }]);
    // the history holds exactly the earlier versions of the changed ones
    expect(await w.rows(`SELECT count(*)::INTEGER AS n FROM (FROM document_history SELECT * EXCLUDE (superseded_by_run) EXCEPT ALL FROM before SELECT * EXCLUDE (key_hash) WHERE substr(doc_id, 2)::INTEGER % 997 = 0)`)).toEqual([{ n: 0 }]);
    expect(await w.rows(`SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE superseded_by_run = ${run.runId})::INTEGER AS by_run FROM document_history`)).toEqual([{ n: changed.size, by_run: changed.size }]);
  });
});

describe('quarantine', () => {
  it('keeps rows it cannot understand with file, row, field and reason, and loads the rest', async () => {
    const f = w.file('mixed.csv', [
      HEADER,
      'P01,OK1,out,,,,2020-06-01 08:00,normal,electronic,true,,',
      'ZZZ,Q1,out,,,,2020-06-01 08:00,normal,electronic,true,,',
      'P01,Q2,out,,,,32/13/2020,normal,electronic,true,,',
      'P01,,out,,,,2020-06-01 08:00,normal,electronic,true,,',
      'P01,Q4,out,,,,2020-06-01 08:00,normal,fax,true,,',
      'P01,Q5,sideways,,,,2020-06-01 08:00,normal,electronic,true,,',
      'P01,Q6,out,,,,2020-06-01 08:00,public,electronic,maybe,,',
      'P01,Q7,in,,,,2020-06-01 08:00,normal,,,soon,',
      'P01,Q8,out,,,,2020-06-01 08:00,normal,electronic,true,,,surplus',
      'P01,Q9,out,,,',
      'P01,Q10,in,,,,2020-06-05 08:00,normal,,,,2020-06-04 08:00',
      'P01,Q11,out,,,,2199-01-01 08:00,normal,electronic,true,,',
      'P01,Q12,out,,,,1899-01-01 08:00,normal,electronic,true,,',
      'P01,Q13,out,,,,2020-06-01 08:00,normal,,,,',
      'P01,OK2,in,,,,2020-06-01 08:00,normal,,,,',
    ].join('\n'));
    const run = await w.load([f]);
    expect(run).toMatchObject({ status: 'succeeded', received: 15, loaded: 3, quarantined: 12 });
    const q = await quarantine();
    const byRow = Object.fromEntries(q.map((r) => [r.row_no, r]));
    expect(byRow[3]).toMatchObject({ field: 'unit_code', codes: ['unknown_unit'], reason: expect.stringContaining('"ZZZ"') });
    expect(byRow[4]).toMatchObject({ field: 'event_time', codes: ['bad_time'], reason: expect.stringContaining('"32/13/2020"') });
    expect(byRow[5]).toMatchObject({ field: 'doc_id', codes: ['missing'] });
    expect(byRow[6]).toMatchObject({ field: 'channel', codes: ['unknown_value'], reason: expect.stringContaining('"fax"') });
    expect(byRow[7]).toMatchObject({ field: 'direction', codes: ['unknown_value'] });
    expect(byRow[8]).toMatchObject({ field: 'security', codes: ['unknown_value', 'unknown_value'] });
    expect(byRow[9]).toMatchObject({ field: 'deadline', codes: ['bad_date'] });
    expect(byRow[10]).toMatchObject({ field: null, codes: ['unreadable_row'], reason: expect.stringContaining('more columns') });
    expect(byRow[11]).toMatchObject({ field: null, codes: ['unreadable_row'], reason: expect.stringContaining('fewer columns') });
    expect(byRow[12]).toMatchObject({ field: 'completed_time', codes: ['before_event'] });
    expect(byRow[13]).toMatchObject({ field: 'event_time', codes: ['future_time'] });
    expect(byRow[14]).toMatchObject({ field: 'event_time', codes: ['implausible_date'] });
    // an outgoing document with empty channel and signed counts as neither, with notes (field-rules.ts)
    expect(byRow[15]).toBeUndefined();
    expect((await docs()).map((d) => d.doc_id)).toEqual(['OK1', 'OK2', 'Q13']);
    expect(await w.rows(`SELECT channel, signed, list_transform(notes, x -> x.code) AS notes FROM documents WHERE doc_id = 'Q13'`))
      .toEqual([{ channel: null, signed: null, notes: ['empty_counted_not_electronic', 'empty_counted_not_signed'] }]);
    // the raw values are kept as received
    const raw = await w.rows<{ raw: string }>(`SELECT raw FROM quarantine WHERE row_no = 3`);
    expect(JSON.parse(raw[0]!.raw)).toMatchObject({ unit_code: 'ZZZ', doc_id: 'Q1', channel: 'electronic' });
  });

  it('numbers rows correctly around rows the CSV reader rejects, and counts a quoted multi-line field as one row', async () => {
    const f = w.file('broken.csv', Buffer.concat([
      Buffer.from(`${HEADER}\nP01,R1,out,"multi\nline",,,2020-06-01 08:00,normal,electronic,true,,\nP01,R2,out,`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`,,,2020-06-01 08:00,normal,electronic,true,,\nP01,R3,out,,,,2020-06-01 08:00,normal,electronic,true,,,x\nP01,R4,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`),
    ]));
    const run = await w.load([f]);
    expect(run).toMatchObject({ received: 4, loaded: 2, quarantined: 2 });
    expect((await docs()).map((d) => [d.doc_id, d.row_no])).toEqual([['R1', 2], ['R4', 5]]);
    expect((await quarantine()).map((q) => [q.row_no, q.reason])).toEqual([
      [3, 'the row is not valid UTF-8 text'],
      [4, 'the row has more columns than the header'],
    ]);
  });
});

describe('edge cases of the inputs', () => {
  it('reads a JSON export with a key named * (a wildcard to DuckDB) beside the export keys', async () => {
    const body = JSON.stringify([{ unit_code: 'P01', doc_id: 'W1', direction: 'out', event_time: '2020-06-01 08:00', security: 'normal', channel: 'electronic', signed: 'true', deadline: null, completed_time: null, '*': 'x' }]);
    const run = await w.load([w.file('star.json', body)]);
    expect(run).toMatchObject({ status: 'succeeded', loaded: 1 });
  });

  it('quarantines every row as of an unknown unit, rather than failing, when the registry has no units', async () => {
    await w.rows(`DELETE FROM units`);
    const run = await w.load([w.file('lonely.csv', `${HEADER}\nP01,L1,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`)]);
    expect(run).toMatchObject({ status: 'succeeded', loaded: 0, quarantined: 1 });
    expect((await quarantine()).map((q) => q.codes)).toEqual([['unknown_unit']]);
  });
});

describe('row numbers at scale', () => {
  it('keeps every row number in a CSV big enough to be read in parallel, around rejected and blank rows, in a run of several files', async () => {
    // ~45 MB: DuckDB splits the file between threads, and the rows must still be numbered in file order
    const pad = 'x'.repeat(120);
    const lines = [HEADER];
    for (let row = 2; row <= 300_000; row++) {
      if (row === 150_000) lines.push('');
      else if (row === 200_000) lines.push(`P01,BAD${row},out,${pad},,,2020-06-01 08:00,normal,electronic,true,,,extra`);
      else lines.push(`P01,D${row},out,${pad},,,2020-06-01 08:00,normal,electronic,true,,`);
    }
    const big = w.file('big.csv', `${lines.join('\n')}\n`);
    const small = w.file('small.csv', `${HEADER}\nP01,S2,out,,,,2020-06-01 08:00,normal,electronic,true,,\nP01,S3,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`);
    const json = w.file('more.json', JSON.stringify([{ unit_code: 'P01', doc_id: 'J1', direction: 'out', event_time: '2020-06-01 08:00', security: 'normal', channel: 'electronic', signed: 'true', deadline: null, completed_time: null }]));
    const run = await w.load([small, big, json]);
    expect(run).toMatchObject({ status: 'succeeded', received: 2 + 299_998 + 1, quarantined: 1 });
    expect(await w.rows(`
      SELECT file_seq::INTEGER AS file_seq, count(*)::INTEGER AS n,
             count(*) FILTER (WHERE row_no <> CASE file_seq WHEN 3 THEN 1 ELSE regexp_extract(doc_id, '\\d+$')::BIGINT END)::INTEGER AS misnumbered
      FROM documents GROUP BY file_seq ORDER BY file_seq`)).toEqual([
      { file_seq: 1, n: 2, misnumbered: 0 },
      { file_seq: 2, n: 299_997, misnumbered: 0 },
      { file_seq: 3, n: 1, misnumbered: 0 },
    ]);
    expect((await quarantine()).map((q) => [q.file, q.row_no])).toEqual([['big.csv', 200_000]]);
  });
});

describe('files that are not exports', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty.csv', '', /is empty/],
    ['blank.csv', '\uFEFF \n\n', /is empty/],
    ['wrong-headers.csv', 'name,age\nAn,30\n', /lacks the column\(s\) unit_code, doc_id.*Headers found: "name", "age"/],
    ['garbage.bin', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x10, 0x00, 0x41]), /binary data/],
    ['not-array.json', '{"unit_code":"P01"}', /not a JSON array of records/],
    ['truncated.json', '[{"unit_code":"P01","doc_id":"1"},{"unit_', /not a JSON array of records/],
    ['fake.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 7)]), /not a readable XLSX workbook/],
  ];
  for (const [name, content, message] of cases) {
    it(`fails the run for ${name} with a clear message and changes nothing`, async () => {
      const run = await w.load([w.file(name, content)]);
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(message);
      expect(run.error).toContain(name.endsWith('.bin') || name === 'fake.xlsx' || name.endsWith('.json') || name.endsWith('.csv') ? name : '');
      expect(await w.rows(`SELECT count(*)::INTEGER AS n FROM documents`)).toEqual([{ n: 0 }]);
      expect(await w.rows(`SELECT status, error IS NOT NULL AS has_error, rows_received::INTEGER AS received FROM ingest_runs`)).toEqual([
        { status: 'failed', has_error: true, received: 0 },
      ]);
    });
  }
});

describe('run log', () => {
  it('logs every run with received = loaded + updated + unchanged + quarantined', async () => {
    const a = w.file('a.csv', `${HEADER}\nP01,A1,out,,,,2020-06-01 08:00,normal,electronic,true,,\nP01,A2,in,,,,2020-06-01 08:00,normal,,,,\nXX,A3,in,,,,2020-06-01 08:00,normal,,,,\n`);
    const b = w.file('b.csv', `${HEADER}\nP01,A1,out,,,,2020-06-01 08:00,normal,electronic,true,,\nP01,A2,in,,,,2020-06-01 08:00,normal,,,,2020-06-02 08:00\nP01,A4,in,,,,2020-06-01 08:00,normal,,,,\n`);
    await w.load([a]);
    await w.load([b]);
    await w.load([w.file('c.csv', 'nonsense')]);
    const runs = await w.rows<Record<string, unknown>>(`
      SELECT run_id::INTEGER AS run_id, source_id, status, files, rows_received::INTEGER AS received, rows_loaded::INTEGER AS loaded,
             rows_updated::INTEGER AS updated, rows_unchanged::INTEGER AS unchanged, rows_quarantined::INTEGER AS quarantined,
             finished_at >= started_at AS ordered
      FROM ingest_runs ORDER BY run_id`);
    expect(runs).toEqual([
      { run_id: 1, source_id: 'test', status: 'succeeded', files: 1, received: 3, loaded: 2, updated: 0, unchanged: 0, quarantined: 1, ordered: true },
      { run_id: 2, source_id: 'test', status: 'succeeded', files: 1, received: 3, loaded: 1, updated: 1, unchanged: 1, quarantined: 0, ordered: true },
      { run_id: 3, source_id: 'test', status: 'failed', files: 1, received: 0, loaded: 0, updated: 0, unchanged: 0, quarantined: 0, ordered: true },
    ]);
    // the per-file rows and the archive agree with the runs
    const files = await w.rows<{ run_id: number; name: string; rows_received: number; archived: boolean }>(
      `SELECT run_id::INTEGER AS run_id, name, rows_received::INTEGER AS rows_received, archive_path IS NOT NULL AS archived FROM ingest_files ORDER BY run_id`);
    expect(files).toEqual([
      { run_id: 1, name: 'a.csv', rows_received: 3, archived: true },
      { run_id: 2, name: 'b.csv', rows_received: 3, archived: true },
    ]);
    expect(await w.rows(`SELECT last_error IS NOT NULL AS failed_last, last_success_at IS NOT NULL AS succeeded_once FROM source_state WHERE source_id = 'test'`)).toEqual([
      { failed_last: true, succeeded_once: true },
    ]);
  });
});

describe('archive', () => {
  it('keeps every file a run read under its SHA-256, a failed run\'s too, and nothing under another name', async () => {
    const a = `${HEADER}\nP01,A1,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`;
    const b = `${HEADER}\nP01,A2,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`;
    // a header without the columns the load needs: the run fails while reading the file
    const c = `doc_id,direction\nA3,out\n`;
    expect(await w.load([w.file('a.csv', a)])).toMatchObject({ status: 'succeeded', loaded: 1 });
    // the sender announced more rows than the body holds: the run fails after reading the file
    expect(await w.load([{ path: w.file('b.csv', b), name: 'b.csv', expectedRows: 5 }])).toMatchObject({ status: 'failed' });
    expect(await w.load([w.file('c.csv', c)])).toMatchObject({ status: 'failed' });
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const archive = join(w.dir, 'archive');
    const stored = readdirSync(archive, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
    expect(stored).toEqual([sha(a), sha(b), sha(c)].map((h) => join(archive, h.slice(0, 2), `${h}.csv`)).sort());
    expect(await w.rows(`SELECT sha256, archive_path, bytes::INTEGER AS bytes FROM ingest_files`)).toEqual([
      { sha256: sha(a), archive_path: join(archive, sha(a).slice(0, 2), `${sha(a)}.csv`), bytes: Buffer.byteLength(a) },
    ]);
  });
});

describe('empty exports', () => {
  it('loads a header-only CSV and an empty JSON array as runs that received nothing', async () => {
    expect(await w.load([w.file('empty.csv', `${HEADER}\n`)])).toMatchObject({ status: 'succeeded', received: 0 });
    expect(await w.load([w.file('empty.json', '[]')])).toMatchObject({ status: 'succeeded', received: 0 });
  });
});

describe('reading the documents ahead of the first load', () => {
  it('reads every column of documents (what a load looks up) and changes nothing', async () => {
    await w.load([w.file('a.csv', `${HEADER}\nP01,W1,out,1/UBND,Công văn,2020-06-01,2020-06-01 08:00,normal,electronic,true,,\n`)]);
    const before = await w.rows(`SELECT * FROM documents`);
    await warmDocuments(w.db);
    expect(await w.rows(`SELECT * FROM documents`)).toEqual(before);
    // every column of the table is in the scan's projection, the ones a later migration adds too
    const plan = (await w.rows<{ explain_value: string }>(`EXPLAIN ${readFileSync(new URL('./sql/documents-warm.sql', import.meta.url), 'utf8').replace(/--[^\n]*\n/g, '')}`)).map((r) => r.explain_value).join('\n');
    const columns = (await w.rows<{ name: string }>(`SELECT column_name AS name FROM duckdb_columns() WHERE table_name = 'documents'`)).map((c) => c.name);
    expect(columns.length).toBeGreaterThan(20);
    const projected = plan.slice(plan.indexOf('Projections:'));
    for (const c of columns) expect(projected, c).toMatch(new RegExp(`\\b${c}\\b`));
  });
});
