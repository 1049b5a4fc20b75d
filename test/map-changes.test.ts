// The map changes of 2024 and 2025 (issue 17; README, "The map changes"): the versioned
// registry through the API, and figures on the map of each document's date, worked out by
// hand from the documents below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFixture, type ReportFixture } from './helpers/reports.ts';

let f: ReportFixture;
const get = async (path: string) => {
  const r = await f.api(path);
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
};

beforeAll(async () => {
  f = await reportFixture([]);
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
