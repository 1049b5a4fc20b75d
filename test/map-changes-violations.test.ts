// A unit's violating documents on the map of its period (issue 17; README, "The map
// changes"): /api/violations?unit= and its downloads list the documents the unit's figures
// count — a 2025 commune's include those sent under its predecessors' old codes, each with a
// note naming the code it carries — so that they reconcile with /api/rates?unit=. Over the
// hand-written exports of test/helpers/map-docs.ts and three more documents; figures worked
// out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_DOCS } from './helpers/map-docs.ts';
import { cellValue, fetchFile, parseCsv, readWorkbook, reportFixture, type ReportFixture } from './helpers/reports.ts';

// unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time
const MORE = [
  // August 2025: Tân Sơn's old code again (14788 → Phú Sơn → Hạc Thành), on paper, not signed
  '14788,G5,out,5/UBND,Công văn,,2025-08-12 08:00,normal,paper,false,,',
  // June 2025, the map of 26 districts: Phú Sơn (14770, into Hạc Thành on 1/7/2025), on paper
  '14770,J1,out,1/UBND,Công văn,,2025-06-15 08:00,normal,paper,true,,',
  // August 2025: a secret document under an old code is never listed (nor counted)
  '14788,G6,out,6/UBND,Công văn,,2025-08-13 08:00,secret,paper,false,,',
];

let f: ReportFixture;
const get = (path: string) => f.get(path);

interface Row { unit_code: string; doc_id: string; reasons: string[]; notes: { field: string; code: string; message: string }[] }
interface Page { unit: { code: string; name: string; level: string }; total: number; rows: Row[] }
const violations = (q: string) => get(`/api/violations?${q}&limit=1000`) as Promise<Page>;
const rates = async (q: string) => ((await get(`/api/rates?${q}`)).units as { out_total: number; out_electronic: number; out_signed: number }[])[0]!;

beforeAll(async () => {
  f = await reportFixture([...MAP_DOCS, ...MORE]);
});
afterAll(() => f?.close());

describe('/api/violations?unit= on the map of the period\'s end', () => {
  it('lists a 2025 commune\'s documents sent under its predecessors\' codes, with a note, as its figures count them', async () => {
    const q = 'unit=14797&period=2025-08&as_of=2025-08-31';
    const page = await violations(q);
    // named as on 31/8/2025 (the code was Phường Đông Hải's until 30/6/2025)
    expect(page.unit).toEqual({ code: '14797', name: 'Phường Hạc Thành', level: 'commune' });
    // G2 (14788, electronic, not signed), G5 (14788, paper, not signed); G3 breaks no rule; G6 is secret
    expect(page.rows.map((r) => [r.doc_id, r.unit_code, r.reasons])).toEqual([
      ['G2', '14797', ['not_signed']],
      ['G5', '14797', ['not_electronic', 'not_signed']],
    ]);
    for (const r of page.rows) {
      expect(r.notes).toContainEqual({ field: 'unit_code', code: 'counted_for_unit', message: 'Văn bản mang mã đơn vị 14788, được tính cho 14797 theo danh mục đơn vị ngày 31/08/2025' });
    }
    // the figures: G2, G3, G5 → 3 out, 2 electronic, 1 signed
    const r = await rates(q);
    expect(r).toMatchObject({ out_total: 3, out_electronic: 2, out_signed: 1 });
    expect((await violations(`${q}&reason=not_electronic`)).total).toBe(1);
    expect((await violations(`${q}&reason=not_electronic`)).total).toBe(r.out_total - r.out_electronic);
    expect((await violations(`${q}&reason=not_signed`)).total).toBe(r.out_total - r.out_signed);
  });

  it('pools a year spanning 1/7/2025 on the new map: the predecessors\' documents before the change too', async () => {
    const q = 'unit=14797&period=2025&as_of=2025-08-31';
    const page = await violations(`${q}&reason=not_electronic`);
    // J1 (Phú Sơn, June 2025) and G5 (Tân Sơn's code, August 2025)
    expect(page.rows.map((r) => [r.doc_id, r.unit_code])).toEqual([['J1', '14797'], ['G5', '14797']]);
    expect(page.rows[0]!.notes.map((n) => n.message)).toEqual(['Văn bản mang mã đơn vị 14770, được tính cho 14797 theo danh mục đơn vị ngày 31/12/2025']);
    // G2, G3, G5, J1: 4 out, 2 electronic → 2 on paper
    const r = await rates(q);
    expect(r).toMatchObject({ out_total: 4, out_electronic: 2 });
    expect(page.total).toBe(2);
    expect(page.total).toBe(r.out_total - r.out_electronic);
    // Hàm Rồng: F1, F2 (Đông Thọ's, the same code: it took its history), H1, G1 (old Hàm Rồng's 14755), G4
    // → 5 out, 3 electronic; on paper F2 and G4, under its own code (no note)
    const own = await violations('unit=14758&period=2025&as_of=2025-08-31&reason=not_electronic');
    expect(own.rows.map((d) => [d.doc_id, d.notes])).toEqual([['F2', []], ['G4', []]]);
    const hr = await rates('unit=14758&period=2025&as_of=2025-08-31');
    expect(hr).toMatchObject({ out_total: 5, out_electronic: 3 });
    expect(own.total).toBe(hr.out_total - hr.out_electronic);
  });

  it('answers the old name and map before the change', async () => {
    const before = await violations('unit=14797&period=2024-10&as_of=2024-10-31');
    expect(before.unit.name).toBe('Phường Đông Hải');
    expect(before.total).toBe(0);
    // December 2024: Tân Sơn's code on paper (E2) counts for Phú Sơn, which it merged into
    const dec = await violations('unit=14770&period=2024-12&as_of=2024-12-31');
    expect(dec.rows.map((r) => [r.doc_id, r.unit_code, r.notes.map((n) => n.message)])).toEqual([
      ['E2', '14770', ['Văn bản mang mã đơn vị 14788, được tính cho 14770 theo danh mục đơn vị ngày 31/12/2024']],
    ]);
    expect(dec.total).toBe((await rates('unit=14770&period=2024-12&as_of=2024-12-31')).out_total);
  });

  it('lists an ended unit\'s documents up to its last day, as /api/rates?unit= counts them', async () => {
    // Đông Sơn (405) ended on 30/11/2024: in Q4 its D1, D2 (D2 on paper); E3 (December, its code) counts for Thanh Hóa city
    const q4 = await violations('unit=405&period=2024-Q4&as_of=2024-12-31');
    expect(q4.unit.name).toBe('Huyện Đông Sơn');
    expect(q4.rows.map((r) => [r.doc_id, r.unit_code, r.reasons])).toEqual([['D2', '405', ['not_electronic', 'not_signed']]]);
    const r = await rates('unit=405&period=2024-Q4&as_of=2024-12-31');
    expect(q4.total).toBe(r.out_total - r.out_electronic);
    expect((await violations('unit=405&period=2025-01&as_of=2025-01-31')).total).toBe(0);
  });
});

describe('the downloads of a unit\'s violating documents on the map of the period\'s end', () => {
  it('hold the same documents as /api/violations, under the unit with the note, and its name of the period', async () => {
    const q = 'unit=14797&period=2025-08&as_of=2025-08-31';
    const api = await violations(q);
    const machine = parseCsv((await fetchFile(f.app, `/api/violations.csv?${q}&columns=machine`)).bytes.subarray(3).toString('utf8'));
    const col = (name: string) => machine[0]!.indexOf(name);
    expect(machine.slice(1).map((r) => [r[col('doc_id')], r[col('unit_code')], r[col('notes')]])).toEqual(
      api.rows.map((r) => [r.doc_id, r.unit_code, r.notes.map((n) => n.message).join('; ')]),
    );
    const res = await fetchFile(f.app, `/api/violations.xlsx?${q}`);
    expect(res.status).toBe(200);
    const ws = (await readWorkbook(res.bytes)).worksheets[0]!;
    expect(String(cellValue(ws.getRow(1).getCell(1)))).toContain('PHƯỜNG HẠC THÀNH (MÃ 14797)');
    const ids: string[] = [];
    ws.eachRow((row, n) => { if (n > 3 && typeof cellValue(row.getCell(1)) === 'number') ids.push(String(cellValue(row.getCell(12)))); });
    expect(ids).toEqual(['G2', 'G5']);
    // an ended unit: up to its last day
    const dongSon = parseCsv((await fetchFile(f.app, '/api/violations.csv?unit=405&period=2024-Q4&as_of=2024-12-31&columns=machine')).bytes.subarray(3).toString('utf8'));
    expect(dongSon.slice(1).map((r) => r[1])).toEqual(['D2']);
  });
});
