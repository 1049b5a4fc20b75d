// A province's published registry against the roster's number of communes (migration 023;
// README "National roll-up"): a publication of part of a merged province (a predecessor's
// registry under its successor's code and name) lacks communes, and the figures must not
// count the part as the whole, complete. Thanh Hóa's own warehouse (the project's registry,
// 166 communes, wards and special zones from 1/7/2025), every unit in force with one
// document in each month of the third quarter of 2025, so that its figures are complete
// before anything is taken away.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../analytics/period.ts';
import { runProgram } from '../test/helpers/cli.ts';
import { provinceWithEveryUnitOn } from '../test/helpers/national.ts';
import type { TestWarehouse } from '../test/helpers/warehouse.ts';
import { mismatchLine, registryMismatches } from './coverage.ts';
import { createNationalApp } from '../app.ts';
import { quietLog } from '../test/helpers/logs.ts';
import { NationalFigures } from './figures.ts';
import { nationalRoutes } from './routes.ts';
import { publish } from './publish.ts';
import { rollUp } from './rollup.ts';
import { setExpected } from './expect.ts';
import { openNationalWarehouse } from './warehouse.ts';

const AS_OF = '2025-09-30';
const august = { period: parsePeriod('2025-08'), asOf: AS_OF, includeBaseline: false };
const quarter = { period: parsePeriod('2025-Q3'), asOf: AS_OF, includeBaseline: false };

let root: string;
let province: TestWarehouse;
let dir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cds-coverage-'));
  province = await provinceWithEveryUnitOn('2025-07-20', '2025-08-20', '2025-09-20');
  dir = join(root, 'pub-38');
  await publish(province.db, { outDir: dir, province: '38', provinceName: 'Thanh Hóa', asOf: AS_OF, from: '2025-07', to: '2025-09' });
}, 120_000);

afterAll(() => {
  province?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function withNational(fn: (db: Awaited<ReturnType<typeof openNationalWarehouse>>) => Promise<void>): Promise<void> {
  const db = await openNationalWarehouse(':memory:');
  try {
    await rollUp(db, [dir]);
    await setExpected(db, ['38']);
    await fn(db);
  } finally {
    db.close();
  }
}

/** Takes `n` communes out of the province's publication, registry and counts: a publication of part of it. */
async function dropCommunes(db: Awaited<ReturnType<typeof openNationalWarehouse>>, n: number): Promise<void> {
  const codes = (await db.all<{ code: string }>(
    `SELECT DISTINCT code FROM national_registry WHERE province = '38' AND level = 'commune' AND valid_to >= DATE '2025-08-01' ORDER BY code LIMIT ${n}`)).map((r) => r.code);
  expect(codes).toHaveLength(n);
  const list = codes.map((c) => `'${c}'`).join(', ');
  await db.all(`DELETE FROM national_registry WHERE province = '38' AND code IN (${list})`);
  await db.all(`DELETE FROM national_counts WHERE province = '38' AND unit_code IN (${list})`);
}

describe('a published registry against the roster\'s communes', () => {
  it('holds the number of communes, wards and special zones of every province, 3,321 in all', async () => {
    const db = await openNationalWarehouse(':memory:');
    try {
      const rows = await db.all<{ province: string; communes: number }>('SELECT province, communes FROM national_roster ORDER BY province');
      expect(rows).toHaveLength(34);
      expect(rows.reduce((n, r) => n + r.communes, 0)).toBe(3321);
      expect(rows.find((r) => r.province === '38')!.communes).toBe(166);
      expect(rows.find((r) => r.province === '79')!.communes).toBe(168);
      expect(rows.find((r) => r.province === '12')!.communes).toBe(38);
      expect(rows.find((r) => r.province === '01')!.communes).toBe(126);
    } finally {
      db.close();
    }
  });

  it('finds the whole province complete, and a registry short of communes not complete, the missing ones counted as units without data', async () => {
    await withNational(async (db) => {
      const nf = new NationalFigures(db);
      const whole = await nf.rates(august, ['38', 'VN', 'commune']);
      const app = createNationalApp({ version: 't', access: null, log: quietLog, figureRoutes: nationalRoutes(nf, () => new Date('2025-10-10T00:00:00Z')) });
      const range = await (await app.request('/api/data-range')).json() as { national: { provinces: { code: string; registry_mismatch: unknown }[] } };
      expect(range.national.provinces).toMatchObject([{ code: '38', registry_mismatch: null }]);
      expect(whole.get('38')).toMatchObject({ complete: true, units_without_data: 0, communes_unregistered: 0 });
      expect(whole.get('VN')).toMatchObject({ complete: true, communes_unregistered: 0 });
      expect(await registryMismatches(db)).toEqual([]);
      const units = whole.get('38')!.units;

      await dropCommunes(db, 40);
      const part = await nf.rates(august, ['38', 'VN', 'commune', 'province']);
      // the same documents' rates, but 40 communes unknown: the units are the whole province's
      expect(part.get('38')).toMatchObject({ units, units_without_data: 40, communes_unregistered: 40, complete: false });
      expect(part.get('38')!.sent_electronic_rate).toBe(1);
      expect(part.get('VN')).toMatchObject({ units, units_without_data: 40, communes_unregistered: 40, complete: false });
      expect(part.get('commune')).toMatchObject({ units_without_data: 40, communes_unregistered: 40, complete: false });
      // the provincial bodies lack nothing
      expect(part.get('province')).toMatchObject({ units_without_data: 0, communes_unregistered: 0, complete: true });
      // the quarter: the same 40, once
      expect((await nf.rates(quarter, ['38'])).get('38')).toMatchObject({ units, units_without_data: 40, communes_unregistered: 40 });
      // every phase: the same
      expect((await nf.rates({ ...august, includeBaseline: true }, ['38'])).get('38')).toMatchObject({ units, units_without_data: 40, communes_unregistered: 40 });
      const trend = await nf.trend('VN', '2025-07', '2025-09', AS_OF, false);
      expect(trend.map((m) => [m.month, m.communes_unregistered, m.units_without_data, m.complete])).toEqual([['2025-07', 40, 40, false], ['2025-08', 40, 40, false], ['2025-09', 40, 40, false]]);
      const ranked = (await nf.ranking(parsePeriod('2025-08'), AS_OF)).find((r) => r.code === '38')!;
      expect(ranked).toMatchObject({ complete: false, units_without_data: 40, communes_unregistered: 40, provinces_unpublished: 0 });

      const [m] = await registryMismatches(db);
      expect(m).toEqual({ province: '38', name: 'Thanh Hóa', official_name: 'Tỉnh Thanh Hóa', expected: 166, registered: 126, month: '2025-07' });
      // the API's list of provinces says it of the province
      const shortRange = await (await app.request('/api/data-range')).json() as { national: { provinces: { code: string; registry_mismatch: unknown }[] } };
      expect(shortRange.national.provinces).toMatchObject([{ code: '38', registry_mismatch: { expected: 166, registered: 126, month: '2025-07' } }]);
      expect(mismatchLine(m!)).toContain('Tỉnh Thanh Hóa (mã 38): danh mục đơn vị cấp xã đã công bố gồm 126 xã, phường, đặc khu còn hiệu lực trong tháng 07/2025, ít hơn 166 theo các nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025: 40 đơn vị còn thiếu');

      // a province not expected (a pilot without it) that publishes is checked the same
      await setExpected(db, ['40']);
      expect((await nf.rates(august, ['38'])).get('38')).toMatchObject({ units, units_without_data: 40, communes_unregistered: 40 });
    });
  });

  it('counts a commune the registry has only from a later month of the range once, without data for the range', async () => {
    await withNational(async (db) => {
      const nf = new NationalFigures(db);
      const units = (await nf.rates(quarter, ['38'])).get('38')!.units;
      // 40 communes in the registry from September only, with no counts before it: a
      // predecessor's registry in July and August, the whole province's in September
      const codes = (await db.all<{ code: string }>(
        "SELECT code FROM national_registry WHERE province = '38' AND level = 'commune' AND valid_from = DATE '2025-07-01' ORDER BY code LIMIT 40")).map((r) => r.code);
      expect(codes).toHaveLength(40);
      const list = codes.map((c) => `'${c}'`).join(', ');
      await db.all(`UPDATE national_registry SET valid_from = DATE '2025-09-01' WHERE province = '38' AND valid_from = DATE '2025-07-01' AND code IN (${list})`);
      await db.all(`DELETE FROM national_counts WHERE province = '38' AND unit_code IN (${list}) AND month < DATE '2025-09-01'`);
      expect((await nf.rates(quarter, ['38', 'commune'])).get('38')).toMatchObject({ units, units_without_data: 40, communes_unregistered: 40, complete: false });
      const trend = await nf.trend('38', '2025-07', '2025-09', AS_OF, false);
      expect(trend.map((m) => [m.month, m.communes_unregistered, m.complete])).toEqual([['2025-07', 40, false], ['2025-08', 40, false], ['2025-09', 0, true]]);
      expect(await registryMismatches(db)).toMatchObject([{ province: '38', registered: 126, month: '2025-07' }]);
    });
  });

  it('does not take a commune that ended within the range for a missing one: it had its data; the ones after it are unknown', async () => {
    await withNational(async (db) => {
      const nf = new NationalFigures(db);
      const units = (await nf.rates(quarter, ['38'])).get('38')!.units;
      // 10 communes in the registry until 31/7 only, with no counts after: August and
      // September lack 10, and no code of the registry stands for them
      const list = (await db.all<{ code: string }>(
        "SELECT code FROM national_registry WHERE province = '38' AND level = 'commune' AND valid_from = DATE '2025-07-01' ORDER BY code LIMIT 10")).map((r) => `'${r.code}'`).join(', ');
      await db.all(`UPDATE national_registry SET valid_to = DATE '2025-07-31' WHERE province = '38' AND valid_from = DATE '2025-07-01' AND code IN (${list})`);
      await db.all(`DELETE FROM national_counts WHERE province = '38' AND unit_code IN (${list}) AND month > DATE '2025-07-01'`);
      // the 10 had July's documents: not without data; 10 unknown communes are
      expect((await nf.rates(quarter, ['38'])).get('38')).toMatchObject({ units: units + 10, units_without_data: 10, communes_unregistered: 10 });
      const trend = await nf.trend('38', '2025-07', '2025-09', AS_OF, false);
      expect(trend.map((m) => [m.month, m.communes_unregistered, m.units_without_data])).toEqual([['2025-07', 0, 0], ['2025-08', 10, 10], ['2025-09', 10, 10]]);
    });
  });

  it('checks the registry by the communes in force on some day of the month, as the counts hold them, whatever the cut-off asked', async () => {
    await withNational(async (db) => {
      const nf = new NationalFigures(db);
      const cut = { ...quarter, asOf: '2025-09-15' };
      const units = (await nf.rates(cut, ['38'])).get('38')!.units;
      // 40 communes from 20/9 (the publication, as of 30/9, counts them in September),
      // none of their counts before: asked as of 15/9, they are not missing from September
      const list = (await db.all<{ code: string }>(
        "SELECT code FROM national_registry WHERE province = '38' AND level = 'commune' AND valid_from = DATE '2025-07-01' ORDER BY code LIMIT 40")).map((r) => `'${r.code}'`).join(', ');
      await db.all(`UPDATE national_registry SET valid_from = DATE '2025-09-20' WHERE province = '38' AND valid_from = DATE '2025-07-01' AND code IN (${list})`);
      await db.all(`DELETE FROM national_counts WHERE province = '38' AND unit_code IN (${list}) AND month < DATE '2025-09-01'`);
      expect((await nf.rates(cut, ['38'])).get('38')).toMatchObject({ units, units_without_data: 40, communes_unregistered: 40 });
    });
  });

  it('says a short registry of a province that has published no month from 1/7/2025, by July 2025, as the figures count it', async () => {
    const db = await openNationalWarehouse(':memory:');
    try {
      await rollUp(db, [dir]);
      await db.all("DELETE FROM national_months WHERE province = '38' AND month >= DATE '2025-08-01'");
      await db.all("UPDATE national_roster SET communes = 170 WHERE province = '38'");
      expect(await registryMismatches(db)).toMatchObject([{ province: '38', registered: 166, expected: 170, month: '2025-07' }]);
      await db.all("DELETE FROM national_months WHERE province = '38'");
      // nothing from 1/7/2025 (the months are not published), and July checked by the registry
      expect(await registryMismatches(db)).toMatchObject([{ province: '38', registered: 166, month: '2025-07' }]);
      expect((await new NationalFigures(db).rates(quarter, ['38'])).get('38')).toMatchObject({ communes_unregistered: 4 });
    } finally {
      db.close();
    }
  });

  it('adds nothing for a month whose units are not known at all (a province not published that month)', async () => {
    await withNational(async (db) => {
      const nf = new NationalFigures(db);
      // the registry ends with September: October, not published, has no unit in force
      await db.all("UPDATE national_registry SET valid_to = DATE '2025-09-30' WHERE province = '38' AND valid_to > DATE '2025-09-30'");
      const october = (await nf.rates({ period: parsePeriod('2025-10'), asOf: '2025-10-31', includeBaseline: false }, ['38'])).get('38')!;
      expect(october).toMatchObject({ units: 0, units_without_data: 0, provinces_unpublished: 1, communes_unregistered: 0, complete: false });
    });
  });

  it('checks nothing before 1/7/2025, when the roster\'s map was not in force', async () => {
    await withNational(async (db) => {
      const nf = new NationalFigures(db);
      // June 2025 (not published: its units in force count without data): the old map's
      // communes cut down to 100, fewer than the 166 of the new map
      await db.all(`DELETE FROM national_registry WHERE province = '38' AND level = 'commune' AND valid_to < DATE '2025-07-01'
                    AND code NOT IN (SELECT code FROM national_registry WHERE province = '38' AND level = 'commune' AND valid_to < DATE '2025-07-01' ORDER BY code LIMIT 100)`);
      expect((await db.all<{ n: number }>("SELECT count(DISTINCT code)::INTEGER AS n FROM national_registry WHERE province = '38' AND level = 'commune' AND valid_from <= DATE '2025-06-30' AND valid_to >= DATE '2025-06-30'"))[0]!.n).toBeLessThan(166);
      const june = (await nf.rates({ period: parsePeriod('2025-06'), asOf: AS_OF, includeBaseline: false }, ['38'])).get('38')!;
      expect(june.communes_unregistered).toBe(0);
      expect(june.units_without_data).toBe(june.units);
    });
  });

  it('counts nothing more for a registry with more communes than the roster, and says it may be of the old map', async () => {
    await withNational(async (db) => {
      const nf = new NationalFigures(db);
      const before = (await nf.rates(august, ['38'])).get('38')!;
      await db.all("UPDATE national_roster SET communes = 150 WHERE province = '38'");
      expect((await nf.rates(august, ['38'])).get('38')).toEqual(before);
      const [m] = await registryMismatches(db);
      expect(m).toMatchObject({ expected: 150, registered: 166, month: '2025-09' });
      expect(mismatchLine(m!)).toContain('is it the registry of the map before 1/7/2025?');
      expect(mismatchLine(m!)).toContain('nhiều hơn 150 theo các nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025: có thể là danh mục trước ngày 01/07/2025. Đề nghị kiểm tra lại danh mục.');
    });
  });

  it('says a short registry when npm run national rolls it up', async () => {
    const path = join(root, 'national-coverage.duckdb');
    const db = await openNationalWarehouse(path, { create: true });
    try {
      await rollUp(db, [dir]);
      await db.all("UPDATE national_roster SET communes = 170 WHERE province = '38'");
    } finally {
      db.close();
    }
    const r = await runProgram('cli/national.ts', ['--db', path, '--in', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('province 38 (Thanh Hóa): its registry has 166 communes, wards and special zones in force in 2025-07, the roster 170: the 4 missing count as units without data');
    expect(r.stdout).toContain('Tỉnh Thanh Hóa (mã 38): danh mục đơn vị cấp xã đã công bố gồm 166 xã, phường, đặc khu còn hiệu lực trong tháng 07/2025, ít hơn 170');
  });
});
