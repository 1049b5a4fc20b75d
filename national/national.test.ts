// The national roll-up (issue 19; README "National roll-up"): two small provinces published
// and rolled up; every expected number worked out by hand from their rows
// (test/helpers/national.ts).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { parsePeriod } from '../analytics/period.ts';
import { AppError } from '../errors.ts';
import { Database } from '../warehouse/database.ts';
import { quoteLiteral, runScript, sqlFile } from '../warehouse/sql.ts';
import { CANONICAL_HEADER } from '../test/helpers/exports.ts';
import type { TestWarehouse } from '../test/helpers/warehouse.ts';
import { AS_OF, everythingHeld, provinceWarehouse, twoPublishedProvinces } from '../test/helpers/national.ts';
import { NationalFigures } from './figures.ts';
import { manifestPath, publish, type Manifest } from './publish.ts';
import { rollUp } from './rollup.ts';
import { openNationalWarehouse } from './warehouse.ts';
import { setExpected } from './expect.ts';
import { withdraw } from './withdraw.ts';
import { nationalRoutes } from './routes.ts';
import { createNationalApp } from '../app.ts';
import { Validator } from '@seriousme/openapi-schema-validator';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { loadRun } from '../ingest/load.ts';
import { startNationalService, startService } from '../service.ts';
import { repoRoot } from '../test/helpers/warehouse.ts';
import { A_ROWS, B_ROWS } from '../test/helpers/national.ts';
import { quietLog } from '../test/helpers/logs.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';

const october = { period: parsePeriod('2020-10'), asOf: AS_OF, includeBaseline: false };
const COUNT_KEYS = ['out_total', 'out_electronic', 'out_signed', 'in_on_time', 'in_late', 'in_pending', 'secret_excluded', 'in_total', 'in_electronic',
  'in_completed', 'in_processed_electronic', 'in_completed_unrecorded', 'quarantined_rows', 'units_without_data', 'quarantined_as_out', 'quarantined_as_late', 'quarantined_as_in', 'quarantined_as_completed'] as const;

let a: TestWarehouse;
let b: TestWarehouse;
let root: string;
let national: Database;
const dirA = () => join(root, 'pub-38');
const dirB = () => join(root, 'pub-40');

const pick = (r: Record<string, unknown>) => Object.fromEntries(COUNT_KEYS.map((k) => [k, r[k]]));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cds-national-'));
  ({ a, b } = await twoPublishedProvinces(root));
  national = await openNationalWarehouse(join(root, 'national.duckdb'));
  // a pilot of the two provinces: the roster's other 32 are not expected here
  // (national/roster.test.ts shows what a province expected and never published does)
  await setExpected(national, ['38', '40']);
}, 120_000);

afterAll(() => {
  national?.close();
  a?.close();
  b?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the national roll-up', () => {
  it('writes Hive-partitioned Parquet with a manifest of checksums', () => {
    const m = JSON.parse(readFileSync(manifestPath(dirA(), '38'), 'utf8')) as Manifest;
    expect(m).toMatchObject({ schema_version: 1, province: '38', province_name: 'Thanh Hóa', as_of: AS_OF });
    expect(m.months.map((x) => x.month)).toEqual(['2020-09', '2020-10']);
    expect(m.months[1]!.files[0]!.path).toBe('counts/province=38/year=2020/month=10/data_0.parquet');
    expect(m.months[1]!.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.registry[0]!.path).toBe('registry/province=38/data_0.parquet');
    expect(m.map_version).toMatch(/^[0-9a-f]{32}$/);
  });

  it('equals the sum of the two provinces, to the document', async () => {
    const loads = await rollUp(national, [dirA(), dirB()]);
    expect(loads.map((l) => [l.province, l.loaded])).toEqual([['38', ['2020-09', '2020-10']], ['40', ['2020-10']]]);
    const nf = new NationalFigures(national);
    const rates = await nf.rates(october, ['VN', '38', '40', 'province']);
    const own = async (w: TestWarehouse) => new Figures(w.db, new FigureCache({ maxBytes: 1 << 20 })).ratesOfArea(october, '38');
    const [ra, rb] = await Promise.all([own(a), own(b)]);
    // each province as it serves its own figures
    expect(pick(rates.get('38')!)).toEqual(pick(ra));
    expect(pick(rates.get('40')!)).toEqual(pick(rb));
    // the country: their sum, count by count
    expect(pick(rates.get('VN')!)).toEqual(Object.fromEntries(COUNT_KEYS.map((k) => [k, (ra[k] as number) + (rb[k] as number)])));
    // by hand: out 4 + 2, electronic 3 + 2, signed 2 + 2; on time 1 + 1, late 1 + 1, pending 0 + 1
    expect(rates.get('VN')).toMatchObject({ out_total: 6, out_electronic: 5, out_signed: 4, in_on_time: 2, in_late: 2, in_pending: 1, in_total: 5, in_electronic: 4 });
    expect(rates.get('VN')!.sent_electronic_rate).toBeCloseTo(5 / 6, 12);
    expect(rates.get('VN')!.signed_rate).toBeCloseTo(4 / 6, 12);
    expect(rates.get('VN')!.on_time_rate).toBe(0.5);
    // the provincial bodies of both: P02 (out 1, electronic 1, signed 0) and P03 (in: 1 on time, 1 late, 1 pending)
    expect(rates.get('province')).toMatchObject({ out_total: 1, out_electronic: 1, out_signed: 0, in_on_time: 1, in_late: 1, in_pending: 1 });
  });

  it('counts a province that has not published a month as its units without data, as its own figures do, and never leaves it out unseen', async () => {
    // Nghệ An's first document is of October: its publication has no September, while
    // Thanh Hóa's has. Nghệ An's own service counts its units due in September, and without
    // any document then, as units without data: so must the country, not show Thanh Hóa's
    // September as the country's, complete.
    const september = { ...october, period: parsePeriod('2020-09') };
    const nf = new NationalFigures(national);
    const rates = await nf.rates(september, ['VN', '38', '40', 'commune']);
    const own = async (w: TestWarehouse) => new Figures(w.db, new FigureCache({ maxBytes: 1 << 20 })).ratesOfArea(september, '38');
    const [ra, rb] = await Promise.all([own(a), own(b)]);
    expect(rb).toMatchObject({ out_total: 0, units: 606, units_without_data: 606, complete: false });
    expect(pick(rates.get('40')!)).toEqual(pick(rb));
    expect(rates.get('40')).toMatchObject({ units: 606, complete: false });
    expect(pick(rates.get('38')!)).toEqual(pick(ra));
    expect(pick(rates.get('VN')!)).toEqual(Object.fromEntries(COUNT_KEYS.map((k) => [k, (ra[k] as number) + (rb[k] as number)])));
    expect(rates.get('VN')).toMatchObject({ out_total: 1, units: ra.units + 606, complete: false });
    // every commune of Nghệ An is among the country's communes without data
    expect(rates.get('commune')!.units_without_data).toBeGreaterThanOrEqual(559 * 2 - 1);
    // month by month, and in the ranking: Nghệ An has no figure in September, and is not complete
    const trend = await nf.trend('VN', '2020-09', '2020-10', AS_OF, false);
    const octoberVN = (await nf.rates(october, ['VN'])).get('VN')!;
    expect(trend.map((m) => [m.month, m.units_without_data, m.complete])).toEqual([
      ['2020-09', ra.units_without_data + 606, false],
      ['2020-10', octoberVN.units_without_data, octoberVN.complete],
    ]);
    const ranking = await nf.ranking(parsePeriod('2020-09'), AS_OF);
    expect(ranking.find((r) => r.code === '40')).toMatchObject({ rank: null, unranked_reason: 'no_data', complete: false, units_without_data: 606 });
  });

  it('counts a unit due in a month its province has not published as without data over a longer period, whatever it sent in the months published', async () => {
    // Thanh Hóa published September and October (its last documents), not November nor
    // December: over the quarter none of its units is complete, though three sent documents
    // in October, and neither is the province's figure
    const nf = new NationalFigures(national);
    const oct = (await nf.rates(october, ['38'])).get('38')!;
    const quarter = (await nf.rates({ ...october, period: parsePeriod('2020-Q4') }, ['38', 'VN']));
    expect(oct.units - oct.units_without_data).toBe(3);
    expect(quarter.get('38')).toMatchObject({ out_total: oct.out_total, units: oct.units, units_without_data: oct.units, complete: false });
    expect(quarter.get('VN')!.units_without_data).toBe(quarter.get('VN')!.units);
  });

  it('ranks the provinces by the same rules', async () => {
    const rows = await new NationalFigures(national).ranking(parsePeriod('2020-10'), AS_OF);
    // 40: (1 + 1 + 0.5) / 3 = 0.8333; 38: (0.75 + 0.5 + 0.5) / 3 = 0.5833. September: 38 alone (1, 1, no on-time rate: 1)
    expect(rows.map((r) => [r.code, r.name, r.rank, r.previous_rank, r.score])).toEqual([
      ['40', 'Nghệ An', 1, null, 0.8333],
      ['38', 'Thanh Hóa', 2, 1, 0.5833],
    ]);
  });

  it('answers /api/rates, /api/ranking?level=province and /api/trend for the country', async () => {
    const app = createNationalApp({ version: 't', access: null, log: quietLog, figureRoutes: nationalRoutes(new NationalFigures(national), () => new Date('2021-01-10T00:00:00Z')) });
    const get = async (path: string) => {
      const res = await app.request(path);
      return { status: res.status, body: await res.json() as Record<string, any> };
    };
    const rates = await get(`/api/rates?period=2020-10&as_of=${AS_OF}&area=VN`);
    expect(rates.status).toBe(200);
    expect(rates.body['area']).toMatchObject({ code: 'VN', name: 'Toàn quốc', area_kind: 'country', out_total: 6, out_signed: 4, in_late: 2 });
    const province = await get(`/api/rates?period=2020-10&as_of=${AS_OF}&area=40`);
    expect(province.body['area']).toMatchObject({ code: '40', name: 'Nghệ An', area_kind: 'province', out_total: 2 });
    const ranking = await get(`/api/ranking?period=2020-10&as_of=${AS_OF}&level=province`);
    expect(ranking.status).toBe(200);
    expect(ranking.body['units'].map((r: { code: string; rank: number }) => [r.code, r.rank])).toEqual([['40', 1], ['38', 2]]);
    expect((await get('/api/ranking?period=2020-10&level=district')).status).toBe(400);
    const trend = await get(`/api/trend?area=VN&from=2020-09&to=2020-10&as_of=${AS_OF}`);
    expect(trend.body['months'].map((m: { month: string; out_total: number }) => [m.month, m.out_total])).toEqual([['2020-09', 1], ['2020-10', 6]]);
    const range = await get('/api/data-range');
    expect(range.body).toMatchObject({ first_month: '2020-09', last_month: '2020-10', national: { country: 'VN' } });
    expect(range.body['national'].provinces.map((p: { code: string; as_of: string }) => [p.code, p.as_of])).toEqual([['38', AS_OF], ['40', AS_OF]]);
    // both published to 31/12/2020, but their last month is October: the dashboard's default
    // cut-off (and so its default month) is the last day both have published through
    expect((await get('/api/freshness')).body).toMatchObject({ fresh_through: '2020-10-31' });
    expect((await get('/api/rates?period=2020-10&area=99')).body).toMatchObject({ error: { code: 'unknown_area' } });
    // the province's checks and defaults (analytics/route-scope.ts): today in Vietnam, whole months, at most 20 years
    expect((await get('/api/ranking?period=2020-10')).body).toMatchObject({ as_of: '2021-01-10', level: 'province', incomplete_rule: 'count_against' });
    expect((await get('/api/rates?period=2020-10&area=VN&as_of=2020-02-30')).body).toMatchObject({ error: { code: 'invalid_date' } });
    expect((await get('/api/trend?area=VN&from=2020-10&to=2020-06')).body).toMatchObject({ error: { code: 'invalid_period' } });
    expect((await get('/api/trend?area=VN&from=2000-01&to=2020-02')).body).toMatchObject({ error: { code: 'invalid_period', message: 'A trend covers at most 20 years.' } });
    // its OpenAPI document is valid, and describes the national routes
    const doc = (await get('/api/openapi.json')).body;
    const result = await new Validator().validate(structuredClone(doc) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc['paths']).filter((p) => ['/api/rates', '/api/ranking', '/api/trend'].includes(p))).toHaveLength(3);
  });

  it('gives the trend of the country month by month', async () => {
    const months = await new NationalFigures(national).trend('VN', '2020-08', '2020-10', AS_OF, false);
    expect(months.map((m) => [m.month, m.out_total, m.out_signed])).toEqual([['2020-08', 0, 0], ['2020-09', 1, 1], ['2020-10', 6, 4]]);
  });

  it('replaces a month published again, and leaves the others', async () => {
    // two more October documents in Thanh Hóa: one on paper, one electronic and signed
    const s = await a.load([a.file('more.csv', `${CANONICAL_HEADER}\n380,A8,out,8/UBND,,,2020-10-20 08:00,normal,paper,false,,\n380,A9,out,9/UBND,,,2020-10-21 08:00,normal,electronic,true,,\n`)]);
    expect(s.loaded).toBe(2);
    await buildModels(a.db);
    await publish(a.db, { outDir: dirA(), province: '38', provinceName: 'Thanh Hóa', asOf: AS_OF, from: '2020-10', to: '2020-10' });
    const loads = await rollUp(national, [dirA(), dirB()]);
    expect(loads.map((l) => [l.province, l.loaded, l.unchanged])).toEqual([['38', ['2020-10'], ['2020-09']], ['40', [], ['2020-10']]]);
    const nf = new NationalFigures(national);
    // October: out 6 + 2, electronic 4 + 2, signed 3 + 2 (not 14: the old October is gone)
    expect((await nf.rates(october, ['VN'])).get('VN')).toMatchObject({ out_total: 8, out_electronic: 6, out_signed: 5 });
    expect((await nf.rates({ ...october, period: parsePeriod('2020-09') }, ['VN'])).get('VN')).toMatchObject({ out_total: 1, out_electronic: 1, out_signed: 1 });
    expect(await national.all('SELECT province, count(*)::INTEGER AS n FROM national_months GROUP BY ALL ORDER BY 1')).toEqual([{ province: '38', n: 2 }, { province: '40', n: 1 }]);
  });

  it('refuses a month published before the one held (an old copy of a publication), loading nothing, until the month is withdrawn', async () => {
    // Thanh Hóa publishes October as of 15/01/2021, then again corrected (two more documents)
    // as of 15/02/2021; a copy of the first publication folder is rolled up after the correction
    const w = await provinceWarehouse(A_ROWS);
    const fresh = await openNationalWarehouse(':memory:');
    try {
      const dir = join(root, 'pub-38-corrected');
      const oldCopy = join(root, 'pub-38-old-copy');
      const october38 = { outDir: dir, province: '38', provinceName: 'Thanh Hóa', from: '2020-10', to: '2020-10' };
      await publish(w.db, { ...october38, asOf: '2021-01-15', now: () => new Date('2021-01-15T09:00:00Z') });
      cpSync(dir, oldCopy, { recursive: true });
      expect((await rollUp(fresh, [dir])).map((l) => [l.loaded, l.replaced])).toEqual([[['2020-10'], []]]);
      await w.load([w.file('more.csv', `${CANONICAL_HEADER}\n380,A8,out,8/UBND,,,2020-10-20 08:00,normal,paper,false,,\n380,A9,out,9/UBND,,,2020-10-21 08:00,normal,electronic,true,,\n`)]);
      await buildModels(w.db);
      await publish(w.db, { ...october38, asOf: '2021-02-15', now: () => new Date('2021-02-15T09:00:00Z') });
      // the correction replaces the month, and says from which as_of to which
      const corrected = await rollUp(fresh, [dir]);
      expect(corrected.map((l) => [l.loaded, l.replaced])).toEqual([[['2020-10'], [{ month: '2020-10', from_as_of: '2021-01-15', to_as_of: '2021-02-15' }]]]);
      const october = () => fresh.all("SELECT strftime(m.as_of, '%Y-%m-%d') AS as_of, (SELECT sum(out_total)::INTEGER FROM national_counts c WHERE c.province = m.province AND c.month = m.month) AS out_total FROM national_months m WHERE province = '38' AND month = DATE '2020-10-01'");
      expect(await october()).toEqual([{ as_of: '2021-02-15', out_total: 6 }]);

      const held = await everythingHeld(fresh);
      const err = await rollUp(fresh, [oldCopy]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ status: 422, code: 'older_publication' });
      const message = (err as AppError).message;
      expect(message).toContain('Province 38 (Thanh Hóa): 2020-10 published 2021-01-15T09:00:00.000Z (as of 2021-01-15) is older than the month held, published 2021-02-15T09:00:00.000Z (as of 2021-02-15). Nothing was loaded');
      expect(message).toContain('withdraw the month first (npm run national -- --db :memory: --withdraw 38:2020-10) and roll up again');
      expect(message).toContain('Tỉnh Thanh Hóa (38): tháng 10/2020 công bố lúc 2021-01-15T09:00:00.000Z');
      expect(await everythingHeld(fresh)).toEqual(held);

      // going back to the older counts on purpose: the month withdrawn, then rolled up
      await withdraw(fresh, [{ province: '38', whole: false, months: ['2020-10'] }]);
      expect((await rollUp(fresh, [oldCopy])).map((l) => [l.loaded, l.replaced])).toEqual([[['2020-10'], []]]);
      expect(await october()).toEqual([{ as_of: '2021-01-15', out_total: 4 }]);
      // the province itself stays at its latest publication: its cut-off is not taken back
      expect(await fresh.all("SELECT strftime(as_of, '%Y-%m-%d') AS as_of FROM national_provinces WHERE province = '38'")).toEqual([{ as_of: '2021-02-15' }]);
    } finally {
      fresh.close();
      w.close();
    }
  });

  it('refuses a province published with another schema version, loading nothing', async () => {
    const dir = join(root, 'pub-40-v2');
    cpSync(dirB(), dir, { recursive: true });
    const file = manifestPath(dir, '40');
    const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    writeFileSync(file, JSON.stringify({ ...m, schema_version: 2 }));
    const before = await national.all('SELECT count(*)::INTEGER AS n FROM national_counts');
    const err = await rollUp(national, [dirA(), dir]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('schema_mismatch');
    expect((err as AppError).message).toContain('Province 40 (Nghệ An) published with schema version 2; this national warehouse reads version 1 only');
    expect(await national.all('SELECT count(*)::INTEGER AS n FROM national_counts')).toEqual(before);
  });

  it('refuses another province published under the code of a province held, unless its map change is accepted', async () => {
    // Nghệ An's counts published under Thanh Hóa's code and name (publication.province left
    // at its default), on Nghệ An's own registry (here: one unit named otherwise)
    const other = await provinceWarehouse(B_ROWS);
    const fresh = await openNationalWarehouse(':memory:');
    try {
      await other.db.all(`UPDATE unit_versions SET name = name || ' (Nghệ An)' WHERE code = '382'`);
      const dir = join(root, 'pub-38-wrong');
      await publish(other.db, { outDir: dir, province: '38', provinceName: 'Thanh Hóa', asOf: AS_OF });
      await rollUp(fresh, [dirA()]);
      const counts = () => fresh.all('SELECT month::VARCHAR AS month, sum(out_total)::INTEGER AS out_total FROM national_counts GROUP BY ALL ORDER BY 1');
      const before = await counts();
      const err = await rollUp(fresh, [dir]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('province_changed');
      expect((err as AppError).message).toContain('Province 38 (Thanh Hóa, as of 2020-12-31) is held with another map (registry) than');
      expect((err as AppError).message).toContain('--accept-map-change 38');
      expect((err as AppError).message).toContain('Chưa nạp gì.');
      expect(await counts()).toEqual(before);
      // a province whose map really changed: accepted when named, and its months replace the held ones
      const loads = await rollUp(fresh, [dir], { acceptMapChange: ['38'] });
      expect(loads.map((l) => [l.province, l.loaded])).toEqual([['38', ['2020-10']]]);
      expect(await counts()).toEqual([{ month: '2020-09-01', out_total: 1 }, { month: '2020-10-01', out_total: 2 }]);
    } finally {
      fresh.close();
      other.close();
    }
  });

  it('refuses one province\'s counts published under two codes, which would be counted twice', async () => {
    const dir = join(root, 'pub-42-copy');
    await publish(b.db, { outDir: dir, province: '42', provinceName: 'Hà Tĩnh', asOf: AS_OF });
    const fresh = await openNationalWarehouse(':memory:');
    try {
      const err = await rollUp(fresh, [dirB(), dir]).catch((e: unknown) => e);
      expect((err as AppError).code).toBe('same_counts_two_provinces');
      expect((err as AppError).message).toContain('Provinces 40 and 42 published the same file (2020-10 and 2020-10');
      expect(await fresh.all('SELECT count(*)::INTEGER AS n FROM national_counts')).toEqual([{ n: 0 }]);
    } finally {
      fresh.close();
    }
  });

  it('refuses one province\'s counts under another code in a later roll-up than the province\'s own, and not a province publishing its own files again', async () => {
    // provinces arrive at different times: Nghệ An's counts published under Hà Tĩnh's code
    // (publication.province wrong) come in a roll-up after Nghệ An's own
    const copy = join(root, 'pub-42-later');
    const again = join(root, 'pub-40-again');
    await publish(b.db, { outDir: copy, province: '42', provinceName: 'Hà Tĩnh', asOf: AS_OF });
    await publish(b.db, { outDir: again, province: '40', provinceName: 'Nghệ An', asOf: AS_OF, now: () => new Date(Date.now() + 60_000) });
    const fresh = await openNationalWarehouse(':memory:');
    try {
      await rollUp(fresh, [dirB()]);
      const held = await everythingHeld(fresh);
      const err = await rollUp(fresh, [copy]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ status: 422, code: 'same_counts_two_provinces' });
      expect((err as AppError).message).toContain('Provinces 40 (Nghệ An, held here) and 42 (Hà Tĩnh) published the same file (2020-10 and 2020-10, SHA-256 ');
      expect((err as AppError).message).toContain('withdraw it (npm run national -- --db :memory: --withdraw 40:2020-10)');
      expect((err as AppError).message).toContain('Tỉnh Nghệ An (40, đang lưu trong kho) và tỉnh Hà Tĩnh (42) công bố cùng một tệp số liệu');
      expect(await everythingHeld(fresh)).toEqual(held);
      // Nghệ An publishing the same counts again (a later publication of the same bytes) is itself
      expect((await rollUp(fresh, [again])).map((l) => [l.province, l.loaded, l.unchanged])).toEqual([['40', [], ['2020-10']]]);
      expect(await everythingHeld(fresh)).toEqual(held);
    } finally {
      fresh.close();
    }
  });

  it('does not serve a national warehouse that is not there (a mistyped --db), nor create one', async () => {
    const path = join(root, 'natinal.duckdb');
    const config = loadConfig({ DATA_DIR: root, PORT: '0', DEMO: '0', DB_PATH: path, SETTINGS_FILE: join(repoRoot, 'config/settings.json') });
    const err = await startNationalService(config, quietLog).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('national_warehouse_missing');
    expect((err as AppError).message).toContain(`There is no national warehouse at ${path}: build it first with npm run national`);
    expect(existsSync(path)).toBe(false);
  });

  it('removes what a killed publish of the province left staged, over an hour old, and nothing else', async () => {
    const dir = join(root, 'pub-40-staged');
    cpSync(dirB(), dir, { recursive: true });
    const dead = spawnSync('true').pid!; // a process that has ended
    const now = Date.now();
    const names = {
      killed: `.staging-40-${now - 2 * 3600_000}-${dead}`,
      running: `.staging-40-${now - 2 * 3600_000}-${process.pid}`,
      recent: `.staging-40-${now - 60_000}-${dead}`,
      otherProvince: `.staging-38-${now - 2 * 3600_000}-${dead}`,
    };
    for (const n of Object.values(names)) mkdirSync(join(dir, n, 'counts'), { recursive: true });
    await publish(b.db, { outDir: dir, province: '40', provinceName: 'Nghệ An', asOf: AS_OF });
    expect(Object.fromEntries(Object.entries(names).map(([k, n]) => [k, existsSync(join(dir, n))]))).toEqual({ killed: false, running: true, recent: true, otherProvince: true });
  });

  it('refuses a province\'s warehouse as a national one, and a national one as a province\'s', async () => {
    const province = await provinceWarehouse(A_ROWS);
    province.db.close();
    try {
      await expect(openNationalWarehouse(province.config.dbPath)).rejects.toMatchObject({ code: 'not_national' });
      const path = join(root, 'national-not-province.duckdb');
      const db = await openNationalWarehouse(path);
      await rollUp(db, [dirB()]).finally(() => db.close());
      // npm run serve (or ingest) without --national on it: refused before any model is built
      await expect(openWarehouse({ ...province.config, dbPath: path }, quietLog)).rejects.toMatchObject({ code: 'not_province', message: expect.stringContaining('serve it with npm run serve -- --national') });
    } finally {
      rmSync(province.dir, { recursive: true, force: true });
    }
  });

  it('does not publish as of a day not yet reached', async () => {
    const err = await publish(a.db, { outDir: join(root, 'pub-future'), province: '38', provinceName: 'Thanh Hóa', asOf: '2999-01-01' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'as_of_in_future' });
    expect(existsSync(join(root, 'pub-future', 'manifests'))).toBe(false);
  });

  it('takes the same folder given twice as one publication', async () => {
    const db = await openNationalWarehouse(':memory:');
    try {
      const loads = await rollUp(db, [dirB(), `${dirB()}/`, join(dirB(), '..', 'pub-40')]);
      expect(loads.map((l) => [l.province, l.loaded])).toEqual([['40', ['2020-10']]]);
    } finally {
      db.close();
    }
  });

  it('says which folder is not there, or is not a publication', async () => {
    const missing = await rollUp(national, [join(root, 'no-such-folder')]).catch((e: unknown) => e);
    expect((missing as AppError).message).toContain(`${join(root, 'no-such-folder')} does not exist`);
    const notOne = await rollUp(national, [root]).catch((e: unknown) => e);
    expect((notOne as AppError).message).toContain('is not a publication: it has no manifests/ folder');
  });

  it('refuses a file that does not match its checksum', async () => {
    const dir = join(root, 'pub-40-bad');
    cpSync(dirB(), dir, { recursive: true });
    // as if the province had published October again: the warehouse's copy differs, so it is read
    const file = manifestPath(dir, '40');
    const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    m.months[0]!.published_at = new Date().toISOString();
    m.months[0]!.files[0]!.sha256 = m.months[0]!.files[0]!.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    writeFileSync(file, JSON.stringify(m));
    const err = await rollUp(national, [dir]).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('checksum_mismatch');
    expect((err as AppError).message).toContain('counts/province=40/year=2020/month=10/data_0.parquet does not match its checksum');
    // a file corrupted under an intact manifest, read by a warehouse that does not hold it yet
    const dir2 = join(root, 'pub-40-corrupt');
    cpSync(dirB(), dir2, { recursive: true });
    appendFileSync(join(dir2, 'counts/province=40/year=2020/month=10/data_0.parquet'), 'x');
    const fresh = await openNationalWarehouse(':memory:');
    try {
      const err2 = await rollUp(fresh, [dir2]).catch((e: unknown) => e);
      expect((err2 as AppError).code).toBe('checksum_mismatch');
      expect((err2 as AppError).message).toContain('counts/province=40/year=2020/month=10/data_0.parquet does not match its checksum');
      expect(await fresh.all('SELECT count(*)::INTEGER AS n FROM national_provinces')).toEqual([{ n: 0 }]);
    } finally {
      fresh.close();
    }
  });
});

describe('a national warehouse written before migration 021 (no checksum of each file held)', () => {
  /**
   * A national warehouse as the release before 021 left it: the migrations before it applied
   * as warehouse/migrate.ts applies them, then what `from` holds copied in without the new
   * column (national_months as migration 018 made it, never altered).
   */
  async function warehouseBefore021(path: string, from: string): Promise<void> {
    const migrations = new URL('../warehouse/migrations/', import.meta.url);
    const db = await Database.open(path);
    try {
      await db.withConnection(async (conn) => {
        await runScript(conn, sqlFile(new URL('../warehouse/sql/migrations-table.sql', import.meta.url)));
        for (const file of readdirSync(migrations).filter((f) => f.endsWith('.sql') && f < '021').sort()) {
          await conn.run(readFileSync(new URL(file, migrations), 'utf8'));
          await runScript(conn, sqlFile(new URL('../warehouse/sql/migration-record.sql', import.meta.url)), { version: file });
        }
        await conn.run(`ATTACH ${quoteLiteral(from)} AS since (READ_ONLY)`);
        await conn.run(`INSERT INTO national_provinces SELECT * FROM since.national_provinces;
          INSERT INTO national_months SELECT * EXCLUDE (each_file_sha256) FROM since.national_months;
          INSERT INTO national_registry SELECT * FROM since.national_registry;
          INSERT INTO national_counts SELECT * FROM since.national_counts;`);
        await conn.run('DETACH since');
      });
    } finally {
      db.close();
    }
  }

  it('opens, keeps every month held, without checksums, and records those of the months loaded since, and of a month held when a publication lists it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cds-national-021-'));
    try {
      const now = join(dir, 'now.duckdb');
      const db = await openNationalWarehouse(now);
      await rollUp(db, [dirB()]).finally(() => db.close());
      const old = join(dir, 'before-021.duckdb');
      await warehouseBefore021(old, now);
      const tables = ['national_provinces', 'national_registry', 'national_counts'];
      const [expected, upgraded] = [await openNationalWarehouse(now), await openNationalWarehouse(old)];
      try {
        expect(await upgraded.all("SELECT version FROM schema_migrations WHERE version LIKE '021-%'")).toEqual([{ version: '021-national-file-sha256.sql' }]);
        expect(await everythingHeld(upgraded, tables)).toEqual(await everythingHeld(expected, tables));
        const months = () => upgraded.all("SELECT province, strftime(month, '%Y-%m') AS month, files_sha256, len(each_file_sha256)::INTEGER AS files FROM national_months ORDER BY ALL");
        const [held] = await expected.all<{ files_sha256: string }>('SELECT files_sha256 FROM national_months');
        expect(await months()).toEqual([{ province: '40', month: '2020-10', files_sha256: held!.files_sha256, files: null }]);
        // a roll-up after the migration records the files of the months it loads
        await rollUp(upgraded, [dirA()]);
        expect(await months()).toEqual([
          { province: '38', month: '2020-09', files_sha256: expect.any(String), files: 1 },
          { province: '38', month: '2020-10', files_sha256: expect.any(String), files: 1 },
          { province: '40', month: '2020-10', files_sha256: held!.files_sha256, files: null },
        ]);
        // Nghệ An's publication rolled up again: its October, the same files, is not read
        // again, but its checksums are recorded, so that a copy under another code is found
        const counts = () => everythingHeld(upgraded, ['national_provinces', 'national_registry', 'national_counts']);
        const before = await counts();
        expect((await rollUp(upgraded, [dirB()])).map((l) => [l.province, l.loaded, l.unchanged])).toEqual([['40', [], ['2020-10']]]);
        expect(await counts()).toEqual(before);
        expect((await months()).find((m) => m.province === '40')).toEqual({ province: '40', month: '2020-10', files_sha256: held!.files_sha256, files: 1 });
        const copy = join(dir, 'pub-42');
        await publish(b.db, { outDir: copy, province: '42', provinceName: 'Hà Tĩnh', asOf: AS_OF });
        await expect(rollUp(upgraded, [copy])).rejects.toMatchObject({ code: 'same_counts_two_provinces' });
      } finally {
        expected.close();
        upgraded.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the scheduled publication', () => {
  it('publishes on settings.publication.schedule into DATA_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cds-publication-'));
    const settings = JSON.parse(readFileSync(join(repoRoot, 'config/settings.json'), 'utf8')) as Record<string, unknown>;
    // every second (node-cron's six fields), for the test
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...settings, unitsFile: join(repoRoot, 'config/units.csv'), publication: { province: '38', name: 'Thanh Hóa', dir: 'pub', schedule: '* * * * * *' } }));
    const config = loadConfig({ DATA_DIR: dir, PORT: '0', DEMO: '0', SETTINGS_FILE: join(dir, 'settings.json') });
    const service = await startService(config, quietLog);
    try {
      mkdirSync(join(dir, 'in'));
      writeFileSync(join(dir, 'in', 'a.csv'), `${CANONICAL_HEADER}\n${A_ROWS.join('\n')}\n`);
      expect(await loadRun(service.ctx, { sourceId: 'test', trigger: 'test', files: [{ path: join(dir, 'in', 'a.csv'), name: 'a.csv' }] })).toMatchObject({ status: 'succeeded', loaded: 7 });
      await service.rebuild();
      const file = manifestPath(join(dir, 'pub'), '38');
      await expect.poll(() => existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as Manifest).months.length === 2, { timeout: 30_000, interval: 500 }).toBe(true);
      const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      expect(m.months.map((x) => x.month)).toEqual(['2020-09', '2020-10']);
      expect(m.province_name).toBe('Thanh Hóa');
    } finally {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an open quarantined incoming row in a publication (issue 16)', () => {
  it('is carried as quarantined_as_in and quarantined_as_completed, and the country\'s ranking counts it against the received and processed rates', async () => {
    // (hand-computed) unit 380 received 4 documents in October 2020, 3 electronically and 1 on
    // paper (3 of 4 = 0.75); a 5th receipt's channel is garbled and quarantined: under
    // count_against 3 of 5 = 0.6; it has a completion time and the 4 have none: counted
    // against, 0 of 1 completed processed electronically
    const dir = mkdtempSync(join(tmpdir(), 'cds-national-in-'));
    const w = await provinceWarehouse([
      '380,R1,in,1/STC,,,2020-10-05 08:00,normal,electronic,,,',
      '380,R2,in,2/STC,,,2020-10-06 08:00,normal,electronic,,,',
      '380,R3,in,3/STC,,,2020-10-07 08:00,normal,both,,,',
      '380,R4,in,4/STC,,,2020-10-08 08:00,normal,paper,,,',
      '380,R5,in,5/STC,,,2020-10-09 08:00,normal,fax,,,2020-10-12 08:00',
    ]);
    const db = await openNationalWarehouse(join(dir, 'national.duckdb'));
    try {
      await publish(w.db, { outDir: join(dir, 'pub-42'), province: '42', provinceName: 'Hà Tĩnh', asOf: AS_OF });
      await rollUp(db, [join(dir, 'pub-42')]);
      const own = await new Figures(w.db, new FigureCache({ maxBytes: 1 << 20 })).ratesOfArea(october, '38');
      expect(own).toMatchObject({ in_total: 4, in_electronic: 3, received_electronic_rate: 0.75, quarantined_rows: 1, quarantined_as_in: 1, quarantined_as_completed: 1, quarantined_as_late: 0, in_completed: 0 });
      const rates = (await new NationalFigures(db).rates(october, ['42'])).get('42')!;
      expect(pick(rates)).toEqual(pick(own));
      const RECEIVED_ONLY = { indicators: [{ rate: 'received_electronic_rate' as const, weight: 1, target: 1, bonus: 0 }], penalties: [] };
      const ranked = async (incompleteRule: 'count_against' | 'as_computed') =>
        (await new NationalFigures(db, { incompleteRule, scorecard: RECEIVED_ONLY }).ranking(parsePeriod('2020-10'), AS_OF))[0];
      expect(await ranked('count_against')).toMatchObject({ code: '42', in_total: 5, received_electronic_rate: 0.6, score: 0.6, quarantined_as_in: 1, in_completed: 1, processed_electronic_rate: 0, quarantined_as_completed: 1 });
      expect(await ranked('as_computed')).toMatchObject({ code: '42', in_total: 4, received_electronic_rate: 0.75, score: 0.75, in_completed: 0, processed_electronic_rate: null });
    } finally {
      db.close();
      w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
