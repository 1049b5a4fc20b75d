// The map changes of 2024 and 2025 (issue 17; README, "The map changes"): the versioned
// registry through the API, and figures on the map of each document's date, worked out by
// hand from the documents below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_DOCS as DOCS } from './helpers/map-docs.ts';
import { reportFixture, type ReportFixture } from './helpers/reports.ts';

let f: ReportFixture;
const get = (path: string) => f.get(path);

beforeAll(async () => {
  f = await reportFixture(DOCS);
});
afterAll(() => f?.close());

describe('GET /api/units?as_of= and /api/units/{code}/history', () => {
  const levels = (units: { level: string }[]) => {
    const c: Record<string, number> = { province: 0, district: 0, commune: 0 };
    for (const u of units) c[u.level]! += 1;
    return c;
  };

  it('answers the map in force on a date', async () => {
    expect(levels((await get('/api/units?as_of=2024-01-15')).units)).toEqual({ province: 20, district: 27, commune: 559 });
    // Thiệu Phú merged into the town of Thiệu Hóa on 1/2/2024 (Resolution 939/NQ-UBTVQH15)
    expect(levels((await get('/api/units?as_of=2024-06-01')).units)).toEqual({ province: 20, district: 27, commune: 558 });
    const jan2025 = await get('/api/units?as_of=2025-01-15');
    expect(levels(jan2025.units)).toEqual({ province: 20, district: 26, commune: 547 });
    expect(jan2025.units.find((u: { code: string }) => u.code === '405')).toBeUndefined();
    expect(jan2025.units.find((u: { code: string }) => u.code === '16378')).toMatchObject({ name: 'Phường Rừng Thông', parent_code: '380', district_code: '380', valid_from: '2024-12-01' });
    const aug2025 = await get('/api/units?as_of=2025-08-01');
    expect(aug2025.as_of).toBe('2025-08-01');
    expect(levels(aug2025.units)).toEqual({ province: 20, district: 0, commune: 166 });
    expect(aug2025.units.find((u: { code: string }) => u.code === '14797')).toMatchObject({ name: 'Phường Hạc Thành', parent_code: '38', district_code: null, valid_to: null, lat: 19.8028, lon: 105.789 });
  });

  it('places the units of a date\'s map: the 2025 communes at their coordinates, earlier ones at their successors\', a district at its communes\' mean', async () => {
    type Pos = { code: string; level: string; lat: number | null; lon: number | null; position: string | null; communes: number | null };
    const aug2025 = (await get('/api/units/positions?as_of=2025-08-01')) as { as_of: string; units: Pos[] };
    expect(aug2025.as_of).toBe('2025-08-01');
    expect(aug2025.units).toHaveLength(166);
    expect(aug2025.units.every((u) => u.level === 'commune' && u.position === 'registry' && u.lat !== null)).toBe(true);
    expect(aug2025.units.find((u) => u.code === '14797')).toMatchObject({ lat: 19.8028, lon: 105.789, communes: null });
    const jun2024 = (await get('/api/units/positions?as_of=2024-06-01')).units as Pos[];
    expect(jun2024.filter((u) => u.level === 'district')).toHaveLength(27);
    expect(jun2024.filter((u) => u.level === 'commune')).toHaveLength(558);
    expect(jun2024.filter((u) => u.lat === null || u.lon === null).map((u) => u.code)).toEqual([]);
    // Phường Đông Thọ split into Hàm Rồng (19.8431, 105.774) and Hạc Thành (19.8028, 105.789): between them
    const dongTho = jun2024.find((u) => u.code === '14758')!;
    expect(dongTho.position).toBe('successors');
    expect(dongTho.lat).toBeCloseTo(19.82295, 6);
    expect(dongTho.lon).toBeCloseTo(105.7815, 6);
    // Bỉm Sơn (381): four communes went into 14818 (20.0806, 105.851), three into 14812 (20.074, 105.912)
    const bimSon = jun2024.find((u) => u.code === '381')!;
    expect(bimSon).toMatchObject({ position: 'communes', communes: 7 });
    expect(bimSon.lat).toBeCloseTo((4 * 20.0806 + 3 * 20.074) / 7, 6);
    expect(bimSon.lon).toBeCloseTo((4 * 105.851 + 3 * 105.912) / 7, 6);
    // Thiệu Phú ended on 1/2/2024 into Hậu Hiền (15772), which went into three 2025 communes
    const thieuPhu = ((await get('/api/units/positions?as_of=2024-01-15')).units as Pos[]).find((u) => u.code === '15790')!;
    expect(thieuPhu.lat).toBeCloseTo((19.9059 + 19.912 + 19.8643) / 3, 6);
    expect(thieuPhu.lon).toBeCloseTo((105.679 + 105.734 + 105.667) / 3, 6);
    expect((await f.api('/api/units/positions?as_of=2025-02-30')).status).toBe(400);
  });

  it('keeps the registry as it was without as_of, and refuses a date that is not one', async () => {
    const all = await get('/api/units');
    expect(all.as_of).toBeNull();
    expect(levels(all.units)).toEqual({ province: 20, district: 27, commune: 559 });
    expect((await f.api('/api/units?as_of=2025-13-01')).status).toBe(400);
  });

  it('answers a unit\'s lineage: a reused code, a split with its main successor, a merged district', async () => {
    const h = await get('/api/units/14758/history');
    expect(h.versions.map((v: { name: string; valid_from: string | null; valid_to: string | null }) => [v.name, v.valid_from, v.valid_to])).toEqual([
      ['Phường Đông Thọ', null, '2025-06-30'],
      ['Phường Hàm Rồng', '2025-07-01', null],
    ]);
    expect(h.versions[0].successors).toEqual([
      { code: '14758', name: 'Phường Hàm Rồng', main: true },
      { code: '14797', name: 'Phường Hạc Thành', main: false },
    ]);
    // Hàm Rồng, Đông Thọ, Nam Ngạn, Đông Cương, Thiệu Dương, and the city whose commune-level units they were
    expect(h.versions[1].predecessors).toEqual([
      { code: '14755', name: 'Phường Hàm Rồng', main: true },
      { code: '14758', name: 'Phường Đông Thọ', main: true },
      { code: '14761', name: 'Phường Nam Ngạn', main: true },
      { code: '14791', name: 'Phường Đông Cương', main: true },
      { code: '15859', name: 'Phường Thiệu Dương', main: true },
      { code: '380', name: 'Thành phố Thanh Hóa', main: false },
    ]);
    const dongSon = await get('/api/units/405/history');
    expect(dongSon.versions).toHaveLength(1);
    expect(dongSon.versions[0]).toMatchObject({ name: 'Huyện Đông Sơn', valid_to: '2024-11-30', successors: [{ code: '380', name: 'Thành phố Thanh Hóa', main: true }] });
    // a district after 30/6/2025: its successor communes, none of them taking its history
    const city = await get('/api/units/380/history');
    expect(city.versions.at(-1).valid_to).toBe('2025-06-30');
    expect(city.versions.at(-1).successors.length).toBeGreaterThan(5);
    expect(city.versions.at(-1).successors.every((s: { main: boolean }) => !s.main)).toBe(true);
    expect(city.versions.at(-1).predecessors).toEqual([]);
    expect((await f.api('/api/units/99999/history')).status).toBe(404);
  });
});

interface Row { code: string; name: string; rank: number | null; previous_rank: number | null; score: number | null; out_total: number; out_electronic: number; out_signed: number }
const ranking = async (q: string) => {
  const r = await get(`/api/ranking?${q}`);
  return { ...r, row: (code: string) => r.units.find((d: Row) => d.code === code) as Row | undefined };
};

describe('rankings on the map of their time', () => {
  it('ranks the 27 districts in October 2024, Đông Sơn with its commune', async () => {
    const r = await ranking('period=2024-10&as_of=2024-10-31');
    expect(r.map).toEqual({ map_date: '2024-10-31', ranked_level: 'district', changes: [] });
    expect(r.units).toHaveLength(27);
    // 405: D1, D2, D3 → 3 out, 2 electronic, 2 signed; 380: D4, D5 → 2, 2, 1
    expect(r.row('405')).toMatchObject({ rank: 2, score: 0.6667, out_total: 3, out_electronic: 2, out_signed: 2 });
    expect(r.row('380')).toMatchObject({ rank: 1, score: 0.75, out_total: 2, out_electronic: 2, out_signed: 1 });
  });

  it('ranks 26 districts from December 2024: documents carrying ended codes go to the successor', async () => {
    const r = await ranking('period=2024-12&as_of=2024-12-31');
    expect(r.map).toEqual({ map_date: '2024-12-31', ranked_level: 'district', changes: [] });
    expect(r.units).toHaveLength(26);
    expect(r.row('405')).toBeUndefined();
    // E1, E2 (Tân Sơn → Phú Sơn, of 380), E3 (Đông Sơn → 380): 3 out, 2 electronic, 2 signed
    expect(r.row('380')).toMatchObject({ rank: 1, score: 0.6667, out_total: 3, out_electronic: 2, out_signed: 2 });
    // the previous month on December's map: Đông Sơn's November... nothing; October's figures are two months back
    expect(r.row('380')!.previous_rank).toBeNull();
    expect((await ranking('period=2025-03&as_of=2025-03-31')).units).toHaveLength(26);
  });

  it('ranks a period spanning 1/12/2024 on the map at its end, Đông Sơn pooled into Thanh Hóa city, and says so', async () => {
    const r = await ranking('period=2024-Q4&as_of=2024-12-31');
    expect(r.map).toEqual({ map_date: '2024-12-31', ranked_level: 'district', changes: ['2024-12-01'] });
    expect(r.units).toHaveLength(26);
    // D1..D5 and E1..E3: 8 out; electronic D1 D3 D4 D5 E1 E3 = 6; signed D1 D3 D5 E1 E3 = 5
    expect(r.row('380')).toMatchObject({ out_total: 8, out_electronic: 6, out_signed: 5, score: 0.6875, rank: 1 });
  });

  it('ranks the 166 communes from July 2025, with the previous rank computed on the new map', async () => {
    const r = await ranking('period=2025-08&as_of=2025-08-31');
    expect(r.map).toEqual({ map_date: '2025-08-31', ranked_level: 'commune', changes: [] });
    expect(r.units).toHaveLength(166);
    // Hạc Thành: G2 (Tân Sơn's old code), G3 → 2 out, 2 electronic, 1 signed; Hàm Rồng: G1 (old Hàm Rồng's code), G4 → 2, 1, 1
    expect(r.row('14797')).toMatchObject({ name: 'Phường Hạc Thành', rank: 1, score: 0.75, out_total: 2, out_electronic: 2, out_signed: 1, previous_rank: null });
    expect(r.row('14758')).toMatchObject({ name: 'Phường Hàm Rồng', rank: 2, score: 0.5, out_total: 2, out_electronic: 1, out_signed: 1, previous_rank: 1 });
    // the previous month, July: H1 alone
    const july = await ranking('period=2025-07&as_of=2025-07-31');
    expect(july.row('14758')).toMatchObject({ rank: 1, score: 1, out_total: 1, previous_rank: 1 });
  });

  it('ranks a period spanning 1/7/2025 on the new map: a split commune\'s history goes with its main successor', async () => {
    const r = await ranking('from=2025-06-01&to=2025-07-31&as_of=2025-07-31');
    expect(r.map).toEqual({ map_date: '2025-07-31', ranked_level: 'commune', changes: ['2025-07-01'] });
    expect(r.units).toHaveLength(166);
    // Đông Thọ's F1, F2 go to Hàm Rồng (main), with H1: 3 out, 2 electronic, 2 signed; Hạc Thành gets none of them
    expect(r.row('14758')).toMatchObject({ out_total: 3, out_electronic: 2, out_signed: 2, score: 0.6667, rank: 1 });
    expect(r.row('14797')).toMatchObject({ out_total: 0, rank: null });
    // June alone, on June's map: Đông Thọ is a ward of Thanh Hóa city among 26 districts
    const june = await ranking('period=2025-06&as_of=2025-06-30');
    expect(june.map.ranked_level).toBe('district');
    expect(june.row('380')).toMatchObject({ out_total: 2, out_electronic: 1, out_signed: 1, score: 0.5 });
  });

  it('ranks the level the map ranks by default; from 1/7/2025 level=district has no members, and the communes of the 2024 map rank with level=commune', async () => {
    expect((await ranking('period=2024-10&as_of=2024-10-31')).level).toBe('district');
    const august = await ranking('period=2025-08&as_of=2025-08-31');
    expect(august.level).toBe('commune');
    const none = await ranking('period=2025-08&as_of=2025-08-31&level=district');
    expect(none).toMatchObject({ level: 'district', map: { ranked_level: 'commune' }, units: [], completeness: { incomplete: 0 } });
    const explicit = await ranking('period=2025-08&as_of=2025-08-31&level=commune');
    expect(explicit.units).toEqual(august.units);
    // before 1/7/2025 the commune level is the communes of the map at the period's end (558 in October 2024)
    const oct = await ranking('period=2024-10&as_of=2024-10-31&level=commune');
    const onMap = (await get('/api/units?as_of=2024-10-31')).units.filter((u: { level: string }) => u.level === 'commune');
    expect(oct.units).toHaveLength(558);
    expect(oct.units.map((u: Row) => u.code).sort()).toEqual(onMap.map((u: { code: string }) => u.code).sort());
  });
});

describe('figures on the map of each document\'s date', () => {
  const area = async (q: string) => (await get(`/api/rates?${q}`)).area;

  it('pools a district\'s communes as they stood on each document\'s date', async () => {
    // October 2024: Đông Sơn and the city apart
    expect(await area('period=2024-10&as_of=2024-10-31&area=405')).toMatchObject({ out_total: 3, out_electronic: 2, out_signed: 2 });
    expect(await area('period=2024-10&as_of=2024-10-31&area=380')).toMatchObject({ out_total: 2, out_electronic: 2, out_signed: 1 });
    // December 2024: Tân Sơn's and Đông Sơn's old codes count for the city
    expect(await area('period=2024-12&as_of=2024-12-31&area=380')).toMatchObject({ out_total: 3, out_electronic: 2, out_signed: 2 });
    // the district level after 30/6/2025: no unit, no figure (null, never 0)
    expect(await area('period=2025-08&as_of=2025-08-31&area=district')).toMatchObject({ units: 0, out_total: 0, sent_electronic_rate: null });
    expect(await area('period=2025-08&as_of=2025-08-31&area=commune')).toMatchObject({ units: 166, out_total: 4, out_electronic: 3, out_signed: 2 });
    // the province counts every document, whatever its code
    expect(await area('period=2025-08&as_of=2025-08-31&area=38')).toMatchObject({ out_total: 4, units_without_data: 184 });
  });

  it('answers each unit of the map at the period\'s end, with the documents of the codes it took over', async () => {
    const aug = (await get('/api/rates?period=2025-08&as_of=2025-08-31&level=commune')).units;
    expect(aug).toHaveLength(166);
    expect(aug.find((u: { code: string }) => u.code === '14797')).toMatchObject({ name: 'Phường Hạc Thành', parent_code: '38', out_total: 2, out_electronic: 2, out_signed: 1 });
    expect((await get('/api/rates?period=2025-08&as_of=2025-08-31&level=district')).units).toEqual([]);
    const oct = (await get('/api/rates?period=2024-10&as_of=2024-10-31&unit=14788')).units;
    expect(oct).toEqual([expect.objectContaining({ name: 'Phường Tân Sơn', out_total: 1, out_electronic: 1, out_signed: 1 })]);
  });

  it('never drops a document carrying an ended code: it counts for the successor, with a data note', async () => {
    const notes = await get('/api/data-notes?from=2024-12-01&to=2025-08-31&limit=50');
    const ended = notes.groups.filter((g: { field: string }) => g.field === 'unit_code');
    expect(ended.map((g: { unit_code: string; code: string; documents: number }) => [g.unit_code, g.code, g.documents])).toEqual([
      ['14755', 'unit_ended_counted_for_successor', 1],
      ['14788', 'unit_ended_counted_for_successor', 2],
      ['405', 'unit_ended_counted_for_successor', 1],
    ]);
    const g2 = notes.documents.find((d: { doc_id: string }) => d.doc_id === 'G2');
    expect(g2.notes).toEqual([{ field: 'unit_code', code: 'unit_ended_counted_for_successor', message: 'Mã đơn vị 14788 (Phường Tân Sơn) đã chấm dứt từ ngày 01/12/2024: văn bản được tính cho đơn vị kế thừa Phường Hạc Thành (14797)' }]);
    const e2 = notes.documents.find((d: { doc_id: string }) => d.doc_id === 'E2');
    expect(e2.notes[0].message).toBe('Mã đơn vị 14788 (Phường Tân Sơn) đã chấm dứt từ ngày 01/12/2024: văn bản được tính cho đơn vị kế thừa Phường Phú Sơn (14770)');
  });
});

describe('continuity across 1/7/2025', () => {
  type Month = { month: string; out_total: number; out_electronic: number; sent_electronic_rate: number | null; carried_units: number; units_without_data: number };
  it('gives a new commune a trend before 1/7/2025: its predecessors pooled, marked as such', async () => {
    const t = await get('/api/trend?area=14758&from=2025-05&to=2025-08&as_of=2025-08-31');
    expect(t.area).toEqual({ code: '14758', name: 'Phường Hàm Rồng', kind: 'commune' });
    expect(t.months.map((m: Month) => [m.month, m.out_total, m.out_electronic, m.carried_units, m.units_without_data])).toEqual([
      ['2025-05', 0, 0, 0, 5], // its five predecessors (Hàm Rồng, Đông Thọ, Nam Ngạn, Đông Cương, Thiệu Dương), none with data
      ['2025-06', 2, 1, 1, 4], // Đông Thọ's F1, F2
      ['2025-07', 1, 1, 0, 0], // H1
      ['2025-08', 2, 1, 0, 0], // G1 (old Hàm Rồng's code) and G4
    ]);
    expect(t.months[0].sent_electronic_rate).toBeNull();
  });

  it('ends a district\'s trend with the district: its months after 30/6/2025 have no units and no figures', async () => {
    const t = await get('/api/trend?area=380&from=2025-05&to=2025-08&as_of=2025-08-31');
    expect(t.months.map((m: Month) => [m.month, m.out_total, m.sent_electronic_rate])).toEqual([
      ['2025-05', 0, null], ['2025-06', 2, 0.5], ['2025-07', 0, null], ['2025-08', 0, null],
    ]);
  });

  it('pools a commune as an area on the map at the period\'s end', async () => {
    expect((await get('/api/rates?period=2025-08&as_of=2025-08-31&area=14758')).area).toMatchObject({ area_kind: 'commune', units: 1, out_total: 2, out_electronic: 1 });
  });
});

describe('the inspection teams, versioned with the map', () => {
  type Team = { id: number; bodies: string[]; districts: string[]; communes: string[]; unit_codes: string[] };
  it('answers the first assignment before 1/7/2025 and the bodies and communes from then on', async () => {
    const before = (await get('/api/teams?as_of=2024-10-01')).teams as Team[];
    expect(before.map((t) => t.districts.length)).toEqual([9, 9, 9]);
    expect(before.every((t) => t.communes.length === 0)).toBe(true);
    const after = (await get('/api/teams?as_of=2025-08-01')).teams as Team[];
    expect(after.every((t) => t.districts.length === 0)).toBe(true);
    expect(after.map((t) => t.bodies)).toEqual(before.map((t) => t.bodies));
    // every one of the 166 communes in exactly one team
    const communes = after.flatMap((t) => t.communes);
    expect(communes).toHaveLength(166);
    expect(new Set(communes).size).toBe(166);
    // Hạc Thành (14797, from Thanh Hóa city's wards) stays with the city's team
    const city = before.find((t) => t.districts.includes('380'))!;
    expect(after.find((t) => t.id === city.id)!.communes).toContain('14797');
  });
});
