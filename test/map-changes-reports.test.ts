// The reports and the inspectors' scope on the map of their period (issue 17; README, "The
// map changes"): the monthly report's lines, the inspection workbook's units (the team's
// assignment in force) and its work list, an inspector's document scope, and the figures of a
// unit whose code has ended. Figures worked out by hand from test/helpers/map-docs.ts.
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessStore, type Principal } from '../auth/store.ts';
import { monthlyReport } from '../reports/monthly-report.ts';
import { parsePeriod } from '../analytics/period.ts';
import { INSPECTION_SHEETS, SUMMARY_COLUMNS, SUMMARY_HEADER_ROW, WORK_COLUMNS, WORK_HEADER_ROW } from '../reports/inspection-xlsx.ts';
import { MAP_DOCS } from './helpers/map-docs.ts';
import { cellValue, fetchFile, readWorkbook, reportFixture, type ReportFixture } from './helpers/reports.ts';

let f: ReportFixture;
const get = (path: string) => f.get(path);

beforeAll(async () => {
  f = await reportFixture(MAP_DOCS);
});
afterAll(() => f?.close());

interface Line { section: string; code: string; name: string; rank: number | null; previous_rank: number | null; period: { out_total: number; out_electronic: number; out_signed: number } }

describe('the monthly report on the map of its period', () => {
  const report = async (period: string, asOf: string) => (await get(`/api/reports/monthly.json?period=${period}&as_of=${asOf}`)).rows as Line[];
  const section = (rows: Line[], s: string) => rows.filter((r) => r.section === s);

  it('lists the 27 districts in October 2024, Đông Sơn with its commune', async () => {
    const rows = await report('2024-10', '2024-10-31');
    expect(section(rows, 'district')).toHaveLength(27);
    expect(section(rows, 'level').map((r) => r.code)).toEqual(['province', 'district', 'commune']);
    expect(section(rows, 'body')).toHaveLength(20);
    // 405: D1, D2, D3 → 3 out, 2 electronic, 2 signed (score 2/3, rank 2); 380: D4, D5 → 2, 2, 1 (score 3/4, rank 1)
    expect(rows.find((r) => r.code === '405')).toMatchObject({ section: 'district', rank: 2, period: { out_total: 3, out_electronic: 2, out_signed: 2 } });
    expect(rows.find((r) => r.code === '380')).toMatchObject({ section: 'district', rank: 1, period: { out_total: 2, out_electronic: 2, out_signed: 1 } });
  });

  it('lists 26 districts in December 2024: Đông Sơn gone, its documents in Thanh Hóa city', async () => {
    const rows = await report('2024-12', '2024-12-31');
    expect(section(rows, 'district')).toHaveLength(26);
    expect(rows.find((r) => r.code === '405')).toBeUndefined();
    // E1, E2 (Tân Sơn → Phú Sơn), E3 (Đông Sơn → 380): 3 out, 2 electronic, 2 signed; November had no document: no previous rank
    expect(rows.find((r) => r.code === '380')).toMatchObject({ rank: 1, previous_rank: null, period: { out_total: 3, out_electronic: 2, out_signed: 2 } });
  });

  it('lists no district from July 2025, and ranks the 166 communes', async () => {
    const rows = await report('2025-08', '2025-08-31');
    expect(section(rows, 'district')).toEqual([]);
    expect(section(rows, 'level').map((r) => r.code)).toEqual(['province', 'commune']);
    // G1..G4: 4 out, 3 electronic, 2 signed, all at the commune level
    expect(rows.find((r) => r.code === 'commune')).toMatchObject({ period: { out_total: 4, out_electronic: 3, out_signed: 2 } });
    const full = await monthlyReport(f.deps, { period: parsePeriod('2025-08'), asOf: '2025-08-31' });
    expect(full.communes).toHaveLength(166);
    expect(full.communes.every((c) => c.district_code === null && c.district_rank === null)).toBe(true);
    // Hạc Thành: G2 (Tân Sơn's old code), G3 → 2 out, 2 electronic, 1 signed, score 3/4; Hàm Rồng: G1, G4 → 2, 1, 1, score 1/2
    expect(full.communes.find((c) => c.code === '14797')).toMatchObject({ rank: 1, score: 0.75, out_total: 2 });
    expect(full.communes.find((c) => c.code === '14758')).toMatchObject({ rank: 2, score: 0.5, out_total: 2, previous_rank: 1 });
  });

  it('writes the workbook without a district line from July 2025', async () => {
    const res = await fetchFile(f.app, '/api/reports/monthly.xlsx?period=2025-08&as_of=2025-08-31');
    expect(res.status).toBe(200);
    const wb = await readWorkbook(res.bytes);
    const text = wb.worksheets.flatMap((ws) => { const out: string[] = []; ws.eachRow((row) => row.eachCell((c) => { if (typeof c.value === 'string') out.push(c.value); })); return out; }).join('\n');
    expect(text).toContain('từ ngày 01/07/2025 không còn cấp huyện');
    expect(text).toContain('III. CÁC XÃ, PHƯỜNG, THỊ TRẤN (166 đơn vị; hạng trong toàn tỉnh, không còn cấp huyện từ ngày 01/07/2025)');
    expect(text).not.toContain('Cấp huyện (UBND huyện, thị xã, thành phố)');
  });
});

function sheetLines(wb: ExcelJS.Workbook, sheet: string, headerRow: number, columns: readonly { key: string }[]): Record<string, unknown>[] {
  const ws = wb.getWorksheet(sheet)!;
  const out: Record<string, unknown>[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (typeof row.getCell(1).value !== 'number') continue; // headings, the total line
    out.push(Object.fromEntries(columns.map((c, i) => [c.key, cellValue(row.getCell(i + 1))])));
  }
  return out;
}

describe('the inspection workbook on the map of its period, with the assignment in force', () => {
  const workbook = async (team: string, period: string, asOf: string) => {
    const res = await fetchFile(f.app, `/api/reports/inspection.xlsx?team=${team}&period=${period}&as_of=${asOf}`);
    expect(res.status).toBe(200);
    const wb = await readWorkbook(res.bytes);
    return {
      summary: sheetLines(wb, INSPECTION_SHEETS.summary, SUMMARY_HEADER_ROW, SUMMARY_COLUMNS),
      work: sheetLines(wb, INSPECTION_SHEETS.work, WORK_HEADER_ROW, WORK_COLUMNS),
      cover: String(wb.getWorksheet(INSPECTION_SHEETS.cover)!.getColumn(2).values.join('\n')),
    };
  };

  it('gives team 1 its bodies and communes in August 2025, documents under the unit they count for', async () => {
    const team = ((await get('/api/teams?as_of=2025-08-01')).teams as { id: number; bodies: string[]; communes: string[] }[]).find((t) => t.id === 1)!;
    expect(team.bodies).toHaveLength(7);
    expect(team.communes).toHaveLength(54);
    const { summary, work, cover } = await workbook('1', '2025-08', '2025-08-31');
    expect(cover).toContain('7 sở, ban, ngành; 54 xã, phường (từ ngày 01/07/2025 không còn cấp huyện)');
    expect(summary.map((l) => l['code'])).toEqual([...team.bodies, ...team.communes]);
    expect(summary.filter((l) => l['scope'] === 'Toàn huyện' || l['scope'] === 'UBND cấp huyện')).toEqual([]);
    expect(summary.find((l) => l['code'] === '14797')).toMatchObject({ name: 'Phường Hạc Thành', out_total: 2, out_electronic: 2, out_signed: 1, rank: 1, peers: 'trong 166 xã, phường của tỉnh' });
    expect(summary.find((l) => l['code'] === '14758')).toMatchObject({ name: 'Phường Hàm Rồng', out_total: 2, out_electronic: 1, out_signed: 1, rank: 2 });
    // G2 (Tân Sơn's old code, not signed) under Hạc Thành, with a note; G4 (paper) under Hàm Rồng; G1 and G3 break no rule
    expect(work.map((d) => [d['doc_id'], d['unit_code'], d['unit_name']]).sort()).toEqual([['G2', '14797', 'Phường Hạc Thành'], ['G4', '14758', 'Phường Hàm Rồng']]);
    expect(work.find((d) => d['doc_id'] === 'G2')!['data_notes']).toContain('Văn bản mang mã đơn vị 14788, được tính cho 14797');
  });

  it('gives team 1 its nine districts in December 2024, Đông Sơn\'s document in Thanh Hóa city; team 3 eight', async () => {
    const { summary, work } = await workbook('1', '2024-12', '2024-12-31');
    const areas = summary.filter((l) => l['scope'] === 'Toàn huyện');
    expect(areas).toHaveLength(9);
    expect(areas.find((l) => l['code'] === '380')).toMatchObject({ out_total: 3, out_electronic: 2, out_signed: 2, rank: 1, peers: 'trong 26 huyện, thị xã, thành phố' });
    // E2 (Tân Sơn's old code, on paper) under Phú Sơn (14770); E1 and E3 break no rule
    expect(work.map((d) => [d['doc_id'], d['unit_code']])).toEqual([['E2', '14770']]);
    const three = await workbook('3', '2024-12', '2024-12-31');
    expect(three.summary.filter((l) => l['scope'] === 'Toàn huyện').map((l) => l['code'])).not.toContain('405');
    expect(three.summary.filter((l) => l['scope'] === 'Toàn huyện')).toHaveLength(8);
  });

  it('gives team 3 Đông Sơn in October 2024, ranked among the 27', async () => {
    const { summary, work } = await workbook('3', '2024-10', '2024-10-31');
    expect(summary.find((l) => l['code'] === '405' && l['scope'] === 'Toàn huyện')).toMatchObject({ out_total: 3, rank: 2, peers: 'trong 27 huyện, thị xã, thành phố' });
    expect(work.map((d) => [d['doc_id'], d['unit_code']])).toEqual([['D2', '405']]);
  });
});

describe('an inspector\'s document scope follows the team\'s assignment on the period\'s dates', () => {
  const inspector = (team: number): Principal => ({ username: `to${team}`, role: 'inspector', team_id: team, unit_code: null, via: 'session' });
  const scope = async (team: number, from: string, to: string) => (await new AccessStore(f.w.db).documentScope(inspector(team), { from, to }))!;

  it('gives Rừng Thông (16378, of Đông Sơn until 30/11/2024, then of Thanh Hóa city) to team 3, then to team 1', async () => {
    expect((await scope(3, '2024-10-01', '2024-10-31')).has('16378')).toBe(true);
    expect((await scope(1, '2024-10-01', '2024-10-31')).has('16378')).toBe(false);
    expect((await scope(1, '2024-12-01', '2024-12-31')).has('16378')).toBe(true);
    expect((await scope(3, '2024-12-01', '2024-12-31')).has('16378')).toBe(false);
    // a quarter spanning the change: both teams saw it on some of its days
    expect((await scope(3, '2024-10-01', '2024-12-31')).has('16378')).toBe(true);
  });

  it('gives team 1 the communes assigned from 1/7/2025, and no district then', async () => {
    const aug = await scope(1, '2025-08-01', '2025-08-31');
    expect(aug.has('14797')).toBe(true);
    expect(aug.has('P01')).toBe(true);
    expect(aug.has('380')).toBe(false);
    expect(aug.size).toBe(61);
    const team = ((await get('/api/teams?as_of=2025-08-01')).teams as { id: number; unit_codes: string[] }[]).find((t) => t.id === 1)!;
    expect([...aug].sort()).toEqual([...team.unit_codes].sort());
  });

  it('lists for the dashboard every unit a team checks on some day (/api/teams ever_unit_codes)', async () => {
    const teams = (await get('/api/teams')).teams as { id: number; unit_codes: string[]; ever_unit_codes: string[] }[];
    const [one, three] = [teams.find((t) => t.id === 1)!, teams.find((t) => t.id === 3)!];
    // the first assignment (the 2020 map) and the communes from 1/7/2025; Rừng Thông with both teams in turn
    expect(one.unit_codes).not.toContain('16378');
    expect(one.ever_unit_codes).toEqual(expect.arrayContaining(['P01', '380', '14797', '16378']));
    expect(three.ever_unit_codes).toEqual(expect.arrayContaining(['405', '16378']));
    expect(three.ever_unit_codes).not.toContain('380');
  });
});

describe('/api/rates?unit= of a unit whose code has ended', () => {
  it('answers its figures while it existed, and after its end says when it ended and names its successors', async () => {
    const oct = await get('/api/rates?period=2024-10&as_of=2024-10-31&unit=405');
    expect(oct.ended).toBeNull();
    // D1, D2: the district's own People's Committee (its commune's D3 is not its own)
    expect(oct.units).toEqual([expect.objectContaining({ code: '405', out_total: 2, out_electronic: 1, out_signed: 1 })]);
    const dec = await get('/api/rates?period=2024-12&as_of=2024-12-31&unit=405');
    expect(dec.units).toEqual([]);
    expect(dec.ended).toEqual({ code: '405', name: 'Huyện Đông Sơn', valid_to: '2024-11-30', successors: [{ code: '380', name: 'Thành phố Thanh Hóa', main: true }] });
    // a quarter spanning its end: its October and November (D1, D2), and that it ended
    const q4 = await get('/api/rates?period=2024-Q4&as_of=2024-12-31&unit=405');
    expect(q4.units).toEqual([expect.objectContaining({ code: '405', out_total: 2, out_electronic: 1, out_signed: 1 })]);
    expect(q4.ended).toMatchObject({ valid_to: '2024-11-30' });
    // a district after 30/6/2025: its successor communes, none of them taking its history
    const city = await get('/api/rates?period=2025-08&as_of=2025-08-31&unit=380');
    expect(city.units).toEqual([]);
    expect(city.ended).toMatchObject({ code: '380', name: 'Thành phố Thanh Hóa', valid_to: '2025-06-30' });
    expect(city.ended.successors.map((s: { code: string }) => s.code)).toContain('14797');
    expect(city.ended.successors.every((s: { main: boolean }) => !s.main)).toBe(true);
  });
});

describe('the milestones on the map of each date', () => {
  interface Level { level: string; units: number; required: { out_total: number; out_electronic: number; out_signed: number }; months: { month: string; out_total: number }[] }
  it('counts each document for the level its unit had on its date, and the units of the map in force on as_of', async () => {
    const levels = (await get('/api/milestones?as_of=2025-08-31')).levels as Level[];
    const of = (l: string) => levels.find((x) => x.level === l)!;
    expect(levels.map((l) => [l.level, l.units])).toEqual([['province', 20], ['district', 0], ['commune', 166]]);
    // district level: D1, D2, D4 (October 2024), E1 and E3 (Đông Sơn's code, counted for the city) in December 2024
    expect(of('district').required).toMatchObject({ out_total: 5, out_electronic: 4, out_signed: 3 });
    const month = (l: string, m: string) => of(l).months.find((x) => x.month === m)!.out_total;
    expect([month('district', '2024-10'), month('district', '2024-12'), month('district', '2025-06'), month('district', '2025-08')]).toEqual([3, 2, 0, 0]);
    // commune level: D3, D5, E2, F1, F2, H1, G1..G4 — 10 out; electronic all but E2, F2, G4 (7); signed all but E2, F2, G2, G4 (6)
    expect(of('commune').required).toMatchObject({ out_total: 10, out_electronic: 7, out_signed: 6 });
    expect([month('commune', '2024-10'), month('commune', '2024-12'), month('commune', '2025-06'), month('commune', '2025-07'), month('commune', '2025-08')]).toEqual([2, 1, 2, 1, 4]);
    const before = (await get('/api/milestones?as_of=2024-10-31')).levels as Level[];
    expect(before.map((l) => [l.level, l.units])).toEqual([['province', 20], ['district', 27], ['commune', 558]]);
  });
});
