// The provinces a national warehouse expects (migration 022; README "National roll-up"): a
// province on the roster that has published nothing is counted as not published, so the
// country's figure is not complete without it, and it is listed on the ranking, unranked;
// `npm run national -- --expect` changes what is expected. The two small provinces of
// test/helpers/national.ts, Thanh Hóa (38) alone rolled up unless said.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../analytics/period.ts';
import { createNationalApp } from '../app.ts';
import { AppError } from '../errors.ts';
import { runProgram } from '../test/helpers/cli.ts';
import { quietLog } from '../test/helpers/logs.ts';
import { AS_OF, everythingHeld, publishedProvinces } from '../test/helpers/national.ts';
import type { Database } from '../warehouse/database.ts';
import { parseExpected, roster, setExpected } from './expect.ts';
import { NationalFigures } from './figures.ts';
import { publish } from './publish.ts';
import { provinceNameKey, rollUp } from './rollup.ts';
import { nationalRoutes } from './routes.ts';
import { openNationalWarehouse } from './warehouse.ts';
import { provinceWarehouse, B_ROWS } from '../test/helpers/national.ts';

const october = { period: parsePeriod('2020-10'), asOf: AS_OF, includeBaseline: false };
const pub = publishedProvinces('cds-roster-');

async function withNational(dirs: () => string[], fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await openNationalWarehouse(':memory:');
  try {
    await rollUp(db, dirs());
    await fn(db);
  } finally {
    db.close();
  }
}

const COUNTS = ['out_total', 'out_electronic', 'out_signed', 'in_on_time', 'in_late', 'in_pending', 'in_total', 'in_electronic', 'quarantined_rows', 'units_without_data'] as const;
const counts = (r: object) => Object.fromEntries(COUNTS.map((k) => [k, (r as Record<string, unknown>)[k]]));

describe('the roster of provinces a national warehouse expects', () => {
  it('holds the 34 provinces in force since 1/7/2025, every one expected', async () => {
    const db = await openNationalWarehouse(':memory:');
    try {
      const r = await roster(db);
      expect(r.map((p) => p.province)).toEqual(['01', '04', '08', '11', '12', '14', '15', '19', '20', '22', '24', '25', '31', '33', '37', '38', '40',
        '42', '44', '46', '48', '51', '52', '56', '66', '68', '75', '79', '80', '82', '86', '91', '92', '96']);
      expect(new Set(r.map((p) => p.province)).size).toBe(34);
      expect(r.every((p) => /^\d{2}$/.test(p.province) && p.expected && !p.published)).toBe(true);
      expect(r.every((p) => p.name === p.name.normalize('NFC') && p.official_name.endsWith(p.name.replace('TP. ', '')))).toBe(true);
      expect(r.find((p) => p.province === '38')).toMatchObject({ name: 'Thanh Hóa', official_name: 'Tỉnh Thanh Hóa' });
      expect(r.find((p) => p.province === '79')).toMatchObject({ name: 'TP. Hồ Chí Minh', official_name: 'Thành phố Hồ Chí Minh' });
      // the provinces merged on 1/7/2025 are not on it (Hà Nam 35, Bắc Giang's successor keeps 24)
      expect(r.map((p) => p.province)).not.toContain('35');
    } finally {
      db.close();
    }
  });

  it('counts every province expected that has not published: the country is not complete, the province is listed, unranked', async () => {
    await withNational(() => [pub.dirA], async (db) => {
      const nf = new NationalFigures(db);
      const rates = await nf.rates(october, ['VN', '38', '01', 'commune', 'province']);
      // the counts are Thanh Hóa's, nothing added; but 33 provinces have not published
      expect(counts(rates.get('VN')!)).toEqual(counts(rates.get('38')!));
      expect(rates.get('VN')).toMatchObject({ provinces_unpublished: 33, complete: false });
      expect(rates.get('commune')).toMatchObject({ provinces_unpublished: 33, complete: false });
      expect(rates.get('province')).toMatchObject({ provinces_unpublished: 33, complete: false });
      expect(rates.get('38')).toMatchObject({ provinces_unpublished: 0 });
      // Hà Nội: nothing of it, and not complete (never "Đủ dữ liệu" of nothing)
      expect(rates.get('01')).toMatchObject({ out_total: 0, units: 0, units_without_data: 0, provinces_unpublished: 1, complete: false, sent_electronic_rate: null });
      // month by month too
      const trend = await nf.trend('VN', '2020-09', '2020-10', AS_OF, false);
      expect(trend.map((m) => [m.month, m.provinces_unpublished, m.complete])).toEqual([['2020-09', 33, false], ['2020-10', 33, false]]);
      // a period wholly after the cut-off (a default view can land there): still not complete
      expect((await nf.rates({ ...october, period: parsePeriod('2021-02') }, ['VN', '01'])).get('VN')).toMatchObject({ provinces_unpublished: 33, complete: false });
      expect((await nf.ranking(parsePeriod('2021-02'), AS_OF)).filter((r) => !r.complete)).toHaveLength(33);
      // from 1/7/2025 no province has districts: the district level lacks none of theirs
      const august2025 = await nf.rates({ period: parsePeriod('2025-08'), asOf: '2025-08-31', includeBaseline: false }, ['VN', 'district', 'commune']);
      expect([august2025.get('VN')!.provinces_unpublished, august2025.get('district')!.provinces_unpublished, august2025.get('commune')!.provinces_unpublished]).toEqual([33, 0, 33]);
      expect((await nf.rates({ period: parsePeriod('2025-06'), asOf: '2025-08-31', includeBaseline: false }, ['district'])).get('district')!.provinces_unpublished).toBe(33);

      // the ranking lists every province expected: 33 of them "no data" and not complete
      const ranking = await nf.ranking(parsePeriod('2020-10'), AS_OF);
      expect(ranking).toHaveLength(34);
      const missing = ranking.filter((r) => r.code !== '38');
      expect(missing.every((r) => r.rank === null && r.unranked_reason === 'no_data' && !r.complete && r.units_without_data === 0 && r.provinces_unpublished === 1)).toBe(true);
      expect(ranking.find((r) => r.code === '38')).toMatchObject({ provinces_unpublished: 0 });
      expect(ranking.find((r) => r.code === '01')).toMatchObject({ name: 'Hà Nội' });

      const app = createNationalApp({ version: 't', access: null, log: quietLog, figureRoutes: nationalRoutes(nf, () => new Date('2021-01-10T00:00:00Z')) });
      const range = await (await app.request('/api/data-range')).json() as { national: { provinces: { code: string }[]; expected: number; roster: number; unpublished: { code: string; name: string }[] } };
      expect(range.national.provinces.map((p) => p.code)).toEqual(['38']);
      expect(range.national.unpublished).toHaveLength(33);
      expect(range.national).toMatchObject({ expected: 34, roster: 34 });
      const fresh = await (await app.request('/api/freshness')).json() as { never_succeeded: number };
      expect(fresh.never_succeeded).toBe(33);
      expect(range.national.unpublished[0]).toEqual({ code: '01', name: 'Hà Nội' });
      const units = await (await app.request('/api/units')).json() as { units: { code: string }[] };
      expect(units.units.map((u) => u.code)).toEqual((await roster(db)).map((p) => p.province));
      const hanoi = await (await app.request(`/api/rates?period=2020-10&as_of=${AS_OF}&area=01`)).json() as { area: Record<string, unknown> };
      expect(hanoi.area).toMatchObject({ code: '01', name: 'Hà Nội', area_kind: 'province', provinces_unpublished: 1, complete: false });
      const ranked = await (await app.request(`/api/ranking?period=2020-10&as_of=${AS_OF}`)).json() as { units: unknown[]; completeness: { incomplete: number; provinces_unpublished: number; units_without_data: number } };
      expect(ranked.units).toHaveLength(34);
      expect(ranked.completeness).toMatchObject({ provinces_unpublished: 33, units_without_data: rates.get('38')!.units_without_data });
      expect(ranked.completeness.incomplete).toBe(34);

      // once Nghệ An publishes, it is counted and no longer missing
      await rollUp(db, [pub.dirA, pub.dirB]);
      expect((await nf.rates(october, ['VN'])).get('VN')).toMatchObject({ provinces_unpublished: 32, complete: false });
    });
  });

  it('counts a province that published as not published in a month it has not published and its registry has no unit in force in (a successor\'s registry from 1/7/2025)', async () => {
    await withNational(() => [pub.dirA, pub.dirB], async (db) => {
      await setExpected(db, ['38', '40']);
      const nf = new NationalFigures(db);
      const september = { ...october, period: parsePeriod('2020-09') };
      // Nghệ An's units due in September (it published only October) count without data
      expect((await nf.rates(september, ['40'])).get('40')).toMatchObject({ provinces_unpublished: 0, complete: false });
      // its registry starting on 1/10/2020: no unit of it is known in September
      await db.all("UPDATE national_registry SET valid_from = DATE '2020-10-01' WHERE province = '40' AND valid_from < DATE '2020-10-01'");
      const rates = await nf.rates(september, ['VN', '40']);
      expect(rates.get('40')).toMatchObject({ units: 0, units_without_data: 0, provinces_unpublished: 1, complete: false });
      expect(rates.get('VN')).toMatchObject({ provinces_unpublished: 1, complete: false });
      expect((await nf.ranking(parsePeriod('2020-09'), AS_OF)).find((r) => r.code === '40')).toMatchObject({ complete: false, provinces_unpublished: 1, units_without_data: 0 });
      // October, published: known
      expect((await nf.rates(october, ['40'])).get('40')).toMatchObject({ provinces_unpublished: 0 });
    });
  });

  it('expects only the provinces given, refuses a code not on the roster changing nothing, and writes the audit log', async () => {
    await withNational(() => [pub.dirA], async (db) => {
      const nf = new NationalFigures(db);
      const after = await setExpected(db, ['38', '40'], 'cli:test');
      expect(after.filter((p) => p.expected).map((p) => p.province)).toEqual(['38', '40']);
      expect((await nf.rates(october, ['VN'])).get('VN')).toMatchObject({ provinces_unpublished: 1, complete: false });
      expect((await nf.ranking(parsePeriod('2020-10'), AS_OF)).map((r) => r.code)).toEqual(['38', '40']);

      const before = await roster(db);
      const err = await setExpected(db, ['38', '35', '99']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ status: 400, code: 'not_on_roster' });
      expect((err as AppError).message).toContain('35, 99 are not the code of a province in force since 1/7/2025');
      expect((err as AppError).message).toContain('Chưa thay đổi gì: mã 35, 99 không phải mã tỉnh, thành phố từ 01/7/2025');
      expect(await roster(db)).toEqual(before);
      await expect(setExpected(db, [])).rejects.toMatchObject({ code: 'not_on_roster' });

      expect((await setExpected(db, 'all')).every((p) => p.expected)).toBe(true);
      expect(await db.all("SELECT actor, action, target FROM audit_log WHERE action = 'national_expect' ORDER BY occurred_at, target")).toEqual([
        { actor: 'cli:test', action: 'national_expect', target: '38,40' },
        { actor: null, action: 'national_expect', target: 'all' },
      ]);
    });
  });

  it('reads --expect as all or two-digit codes separated by commas', () => {
    expect(parseExpected('all')).toBe('all');
    expect(parseExpected('38, 40,38')).toEqual(['38', '40']);
    expect(parseExpected('38,4')).toEqual({ bad: '4' });
    expect(parseExpected('38;40')).toEqual({ bad: '38;40' });
    expect(parseExpected('38,all')).toEqual({ bad: 'all' });
  });
});

describe('npm run national -- --expect, and the roster after a roll-up', () => {
  const cli = (args: string[]) => runProgram('cli/national.ts', args);

  it('says which provinces expected have not published, sets what is expected, refuses bad codes and bad usage', async () => {
    const path = join(pub.root, 'national-roster-cli.duckdb');
    const rolled = await cli(['--db', path, '--in', pub.dirA, '--create']);
    expect(rolled.status, rolled.stderr).toBe(0);
    expect(rolled.stdout).toContain('34 province(s) expected, 1 published; not published (the figures of the country and its levels are not complete without them): 01 Hà Nội, 04 Cao Bằng,');

    const pilot = await cli(['--db', path, '--expect', '38', '--expect', '40']);
    expect(pilot.status, pilot.stderr).toBe(0);
    expect(pilot.stdout.trim()).toBe('2 province(s) expected, 1 published; not published (the figures of the country and its levels are not complete without them): 40 Nghệ An');

    const unknown = await cli(['--db', path, '--expect', '38,35']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('35 is not the code of a province in force since 1/7/2025');
    const bad = await cli(['--db', path, '--expect', '38,x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"x" is not a province\'s two-digit code');
    const both = await cli(['--db', path, '--expect', 'all', '--in', pub.dirB]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--expect runs alone');
    expect((await cli(['--db', path, '--expect', 'all', '--create'])).status).toBe(2);

    const db = await openNationalWarehouse(path, { create: false });
    try {
      expect((await roster(db)).filter((p) => p.expected).map((p) => p.province)).toEqual(['38', '40']);
    } finally {
      db.close();
    }
  });

  it('refuses a publication under a code off the roster (an old code), and under a code of the roster with another province\'s name, loading nothing', async () => {
    const old = await provinceWarehouse(B_ROWS);
    const path = join(pub.root, 'national-old-code.duckdb');
    try {
      // Hà Nam (35), merged into Ninh Bình: its counts would sit beside its successor's
      const hanam = join(pub.root, 'pub-35');
      await publish(old.db, { outDir: hanam, province: '35', provinceName: 'Hà Nam', asOf: AS_OF });
      const r = await cli(['--db', path, '--in', pub.dirA, '--in', hanam, '--create']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Province 35 (Hà Nam) is not one of the 34 provinces in force since 1/7/2025');
      expect(r.stderr).toContain('Hà Nam (mã 35) không thuộc 34 tỉnh, thành phố từ 01/7/2025');
      // old Bắc Giang under 24, the code Bắc Ninh took: not Bắc Ninh published
      const bacgiang = join(pub.root, 'pub-24');
      await publish(old.db, { outDir: bacgiang, province: '24', provinceName: 'Bắc Giang', asOf: AS_OF });
      const db = await openNationalWarehouse(path, { create: false });
      try {
        const held = await everythingHeld(db);
        const err = await rollUp(db, [pub.dirA, bacgiang]).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'roster_name_mismatch' });
        expect((err as AppError).message).toContain('Province 24 published as "Bắc Giang"; code 24 is Tỉnh Bắc Ninh since 1/7/2025');
        expect(await everythingHeld(db)).toEqual(held);
        // the name as a province writes it, with or without its prefix or the older tone mark, is its own
        const bacninh = join(pub.root, 'pub-24-bac-ninh');
        await publish(old.db, { outDir: bacninh, province: '24', provinceName: 'Tỉnh Bắc Ninh', asOf: AS_OF });
        expect((await rollUp(db, [bacninh])).map((l) => l.province)).toEqual(['24']);
        // held as the roster names it
        expect((await db.all<{ name: string }>("SELECT name FROM national_provinces WHERE province = '24'"))[0]!.name).toBe('Bắc Ninh');
      } finally {
        db.close();
      }
    } finally {
      old.close();
    }
  });

  it('compares province names without case, prefix or diacritics', () => {
    expect(provinceNameKey('Thanh Hoá')).toBe(provinceNameKey('Thanh Hóa'));
    expect(provinceNameKey('Thành phố Hồ Chí Minh')).toBe(provinceNameKey('TP. Hồ Chí Minh'));
    expect(provinceNameKey('Tỉnh  Đắk Lắk')).toBe('dak lak');
    expect(provinceNameKey('Bắc Giang')).not.toBe(provinceNameKey('Bắc Ninh'));
  });
});
