// A province's published registry against the roster's number of communes (migration 023;
// README "National roll-up"): a publication of part of a merged province (a predecessor's
// registry under its successor's code and name) lacks communes, and the figures must not
// count the part as the whole, complete. Thanh Hóa's own warehouse (the project's registry,
// 166 communes, wards and special zones from 1/7/2025), every unit in force with one
// document in August 2025, so that its figure is complete before anything is taken away.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../analytics/period.ts';
import { runProgram } from '../test/helpers/cli.ts';
import { provinceWithEveryUnitOn } from '../test/helpers/national.ts';
import type { TestWarehouse } from '../test/helpers/warehouse.ts';
import { mismatchLine, registryMismatches } from './coverage.ts';
import { NationalFigures } from './figures.ts';
import { publish } from './publish.ts';
import { rollUp } from './rollup.ts';
import { setExpected } from './expect.ts';
import { openNationalWarehouse } from './warehouse.ts';

const AS_OF = '2025-08-31';
const august = { period: parsePeriod('2025-08'), asOf: AS_OF, includeBaseline: false };

let root: string;
let province: TestWarehouse;
let dir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cds-coverage-'));
  province = await provinceWithEveryUnitOn('2025-08-20');
  dir = join(root, 'pub-38');
  await publish(province.db, { outDir: dir, province: '38', provinceName: 'Thanh Hóa', asOf: AS_OF, from: '2025-08', to: '2025-08' });
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
      const trend = await nf.trend('VN', '2025-07', '2025-08', AS_OF, false);
      expect(trend.map((m) => [m.month, m.communes_unregistered, m.complete])).toEqual([['2025-07', 40, false], ['2025-08', 40, false]]);
      const ranked = (await nf.ranking(parsePeriod('2025-08'), AS_OF)).find((r) => r.code === '38')!;
      expect(ranked).toMatchObject({ complete: false, units_without_data: 40, communes_unregistered: 40, provinces_unpublished: 0 });

      // before 1/7/2025 the roster's map was not in force: nothing is expected of it then
      const june = await nf.rates({ period: parsePeriod('2025-06'), asOf: AS_OF, includeBaseline: false }, ['38']);
      expect(june.get('38')!.communes_unregistered).toBe(0);

      expect(await registryMismatches(db)).toEqual([{ province: '38', name: 'Thanh Hóa', expected: 166, registered: 126, on_day: '2025-08-31' }]);
      expect(mismatchLine((await registryMismatches(db))[0]!)).toContain('danh mục đã công bố có 126 xã, phường, đặc khu có hiệu lực ngày 31/08/2025, trong khi tỉnh có 166: 40 đơn vị còn thiếu');
    });
  });

  it('counts nothing more for a registry with more communes than the roster, and says it may be of the old map', async () => {
    await withNational(async (db) => {
      const nf = new NationalFigures(db);
      const before = (await nf.rates(august, ['38'])).get('38')!;
      await db.all("UPDATE national_roster SET communes = 150 WHERE province = '38'");
      expect((await nf.rates(august, ['38'])).get('38')).toEqual(before);
      const [m] = await registryMismatches(db);
      expect(m).toMatchObject({ expected: 150, registered: 166 });
      expect(mismatchLine(m!)).toContain('is it the registry of the map before 1/7/2025?');
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
    expect(r.stdout).toContain('province 38 (Thanh Hóa): its registry has 166 communes, wards and special zones in force on 2025-08-31, the roster 170: the 4 missing count as units without data from 1/7/2025');
    expect(r.stdout).toContain('Thanh Hóa (mã 38): danh mục đã công bố có 166 xã, phường, đặc khu có hiệu lực ngày 31/08/2025, trong khi tỉnh có 170');
  });
});
