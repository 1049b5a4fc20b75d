/**
 * National roll-up (issue 19; README "National roll-up"): 34 simulated provinces × 12 months
 * published and rolled up into a fresh national warehouse.
 *
 * One real province is generated (bench/generate.ts, 2020–2021), loaded, built and published
 * for the 12 months of 2021 (npm run publish's code: national/publish.ts), timed. From its
 * publication, 34 provinces are simulated (bench/national-simulate.sql: the same units and
 * months under another code, every count scaled by a volume of 1–3 and the numerators by a
 * quality of 0.85–1), each with its manifest and checksums. Then the roll-up
 * (national/rollup.ts: every checksum verified, one transaction) is timed with the process's
 * peak RSS, then the national figures (the provinces' ranking, the country's rates for the
 * year, its 12-month trend), then one province's month published again and rolled up (only
 * that month is read again).
 *
 * Options: --national-rows 1000000 (documents of the real province), --national-provinces 34
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { listValue } from '@duckdb/node-api';
import { buildModels } from '../analytics/build.ts';
import { parsePeriod } from '../analytics/period.ts';
import { loadSettings } from '../config.ts';
import { loadRun } from '../ingest/load.ts';
import { silentLogger } from '../log.ts';
import { NationalFigures } from '../national/figures.ts';
import { MANIFEST_FORMAT, manifestPath, PUBLICATION_SCHEMA_VERSION, publish, sha256File, type Manifest, type ManifestFile } from '../national/publish.ts';
import { rollUp } from '../national/rollup.ts';
import { roster } from '../national/expect.ts';
import { openNationalWarehouse } from '../national/warehouse.ts';
import { runScript, sqlFile } from '../warehouse/sql.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';
import { cachedExport, repoRoot, workDir } from './generate.ts';
import { fmtCount, fmtInt, median, round, rssSampler, type Measurement } from './types.ts';

const AS_OF = '2021-12-31';
const SIMULATE = new URL('./national-simulate.sql', import.meta.url);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

async function describe(root: string, files: string[]): Promise<ManifestFile[]> {
  return Promise.all(files.sort().map(async (f) => ({ path: relative(root, f), sha256: await sha256File(f), bytes: statSync(f).size })));
}

const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
};

export const nationalMeasurement: Measurement = {
  id: 'national',
  title: 'National roll-up: 34 simulated provinces × 12 months published and rolled up',
  async run(ctx) {
    const rows = Number(ctx.options['national-rows'] ?? (ctx.quick ? 100_000 : 1_000_000));
    const count = Number(ctx.options['national-provinces'] ?? 34);
    mkdirSync(workDir, { recursive: true });
    const dir = mkdtempSync(join(workDir, 'national-'));
    try {
      // a real province, published for 2021
      const exp = await cachedExport(rows, ctx.seed);
      const config = { dbPath: join(dir, 'province.duckdb'), dataDir: dir, unitsFile: join(repoRoot, 'config/units.csv'), settings: loadSettings(join(repoRoot, 'config/settings.json')) };
      const wh = await openWarehouse(config, silentLogger());
      let publishMs: number;
      let publishedRows: number;
      const base = join(dir, 'pub-base');
      try {
        const s = await loadRun(wh, { sourceId: 'bench', trigger: 'test', files: [{ path: exp.path, name: 'bench.csv' }] });
        if (s.status !== 'succeeded') throw new Error(`load failed: ${s.error}`);
        await buildModels(wh.db);
        ctx.log(`national: ${fmtCount(rows)} documents loaded and built; publishing 2021`);
        const p = await timed(() => publish(wh.db, { outDir: base, province: '38', provinceName: 'Thanh Hóa', asOf: AS_OF, from: '2021-01', to: '2021-12' }));
        publishMs = p.ms;
        publishedRows = p.value.rows;
      } finally {
        wh.db.close();
      }
      const baseManifest = readFileSync(manifestPath(base, '38'), 'utf8');
      const baseMap = (JSON.parse(baseManifest) as Manifest).map_version;

      // 34 simulated provinces from it
      const dirs: string[] = [];
      const simulator = await openNationalWarehouse(join(dir, 'simulate.duckdb'));
      // the roster's codes (migration 022), Thanh Hóa first: the 34 provinces expected
      const names = new Map((await roster(simulator)).map((p) => [p.province, p.name]));
      const codes = ['38', ...[...names.keys()].filter((c) => c !== '38')].slice(0, count);
      const simulateStarted = performance.now();
      try {
        const counts = filesUnder(join(base, 'counts'));
        const registry = filesUnder(join(base, 'registry'));
        for (const [i, code] of codes.entries()) {
          const out = join(dir, `pub-${code}`);
          mkdirSync(out, { recursive: true });
          await simulator.withConnection((conn) => runScript(conn, sqlFile(SIMULATE), {
            counts: listValue(counts), registry: listValue(registry), province: code,
            // a volume of its own: two provinces' files never the same bytes (the roll-up
            // refuses one province's counts under two codes, same_counts_two_provinces)
            volume: 1 + i, quality: 0.85 + ((i * 7) % 16) / 100,
            counts_dir: join(out, 'counts'), registry_dir: join(out, 'registry'),
          }));
          const monthDirs = readdirSync(join(out, 'counts', `province=${code}`)).flatMap((y) =>
            readdirSync(join(out, 'counts', `province=${code}`, y)).map((m) => ({ month: `${y.slice(5)}-${m.slice(6)}`, dir: join(out, 'counts', `province=${code}`, y, m) })));
          const published = new Date().toISOString();
          const manifest: Manifest = {
            format: MANIFEST_FORMAT, schema_version: PUBLICATION_SCHEMA_VERSION, province: code, province_name: names.get(code)!,
            map_version: baseMap, as_of: AS_OF, published_at: published,
            registry: await describe(out, filesUnder(join(out, 'registry'))),
            months: await Promise.all(monthDirs.sort((a, b) => a.month.localeCompare(b.month)).map(async (m) => ({ month: m.month, as_of: AS_OF, published_at: published, files: await describe(out, filesUnder(m.dir)) }))),
          };
          mkdirSync(join(out, 'manifests'), { recursive: true });
          writeFileSync(manifestPath(out, code), JSON.stringify(manifest, null, 2));
          dirs.push(out);
        }
      } finally {
        simulator.close();
      }
      const simulateMs = performance.now() - simulateStarted;
      ctx.log(`national: ${codes.length} provinces simulated in ${fmtInt(simulateMs)} ms; rolling up`);

      // the roll-up into a fresh national warehouse
      const national = await openNationalWarehouse(join(dir, 'national.duckdb'));
      try {
        const rssBefore = Math.round(process.memoryUsage.rss() / 2 ** 20);
        const sampler = rssSampler();
        const roll = await timed(() => rollUp(national, dirs));
        const rssPeak = sampler.stop();
        const held = (await national.all<{ n: number; months: number }>('SELECT count(*)::DOUBLE AS n, count(DISTINCT (province, month))::DOUBLE AS months FROM national_counts'))[0]!;
        if (held.months !== codes.length * 12) throw new Error(`the roll-up holds ${held.months} province-months, not ${codes.length * 12}`);
        const bytes = statSync(join(dir, 'national.duckdb')).size;

        // the national figures
        const figures = new NationalFigures(national);
        const reps = ctx.quick ? 3 : 5;
        const ranking: number[] = [];
        const rates: number[] = [];
        const trend: number[] = [];
        let ranked = 0;
        for (let k = 0; k < reps; k++) {
          const r = await timed(() => figures.ranking(parsePeriod('2021-12'), AS_OF));
          ranked = r.value.filter((x) => x.rank !== null).length;
          ranking.push(r.ms);
          rates.push((await timed(() => figures.rates({ period: parsePeriod('2021'), asOf: AS_OF, includeBaseline: false }, ['VN', 'province', 'district', 'commune']))).ms);
          trend.push((await timed(() => figures.trend('VN', '2021-01', '2021-12', AS_OF, false))).ms);
        }
        if (ranked !== codes.length) throw new Error(`the ranking ranks ${ranked} provinces, not ${codes.length}`);

        // one province's month published again: the warehouse forgets the hash it holds for
        // December of the first province, as if its files had changed; only it is read again
        await national.all("UPDATE national_months SET files_sha256 = 'published again' WHERE province = $p AND month = DATE '2021-12-01'", { p: codes[0]! });
        const incremental = await timed(() => rollUp(national, dirs));
        const reloaded = incremental.value.reduce((n, l) => n + l.loaded.length, 0);
        if (reloaded !== 1) throw new Error(`the roll-up after one month published again reloaded ${reloaded} months`);

        const summary = [
          { metric: `roll-up of ${codes.length} provinces × 12 months (fresh national warehouse)`, target: '—', measured: `${round(roll.ms / 1000, 2)} s`, met: null },
          { metric: 'peak RSS during the roll-up (whole bench process)', target: '—', measured: `${fmtInt(rssPeak)} MiB (${fmtInt(rssBefore)} MiB before)`, met: null },
          { metric: 'roll-up after one province\'s month published again', target: '—', measured: `${round(incremental.ms / 1000, 2)} s`, met: null },
          { metric: `publish one province (${fmtCount(rows)} documents, 12 months)`, target: '—', measured: `${round(publishMs / 1000, 2)} s`, met: null },
          { metric: 'national ranking of the provinces (median)', target: '—', measured: `${round(median(ranking), 1)} ms`, met: null },
        ];
        return {
          summary,
          tables: [{
            title: 'The roll-up',
            columns: ['measure', 'value'],
            rows: [
              ['provinces × months', `${codes.length} × 12`],
              ['rows per province publication', fmtInt(publishedRows)],
              ['rows in the national warehouse', fmtInt(held.n)],
              ['national warehouse file', `${round(bytes / 2 ** 20, 1)} MiB`],
              ['simulating the publications', `${round(simulateMs / 1000, 2)} s`],
              ['roll-up', `${round(roll.ms / 1000, 2)} s`],
              ['ranking (median of ' + reps + ')', `${round(median(ranking), 1)} ms`],
              ['rates of the country and levels, a year (median)', `${round(median(rates), 1)} ms`],
              ['trend of the country, 12 months (median)', `${round(median(trend), 1)} ms`],
            ],
          }],
          notes: [
            'The provinces are simulated from one generated province\'s publication (bench/national-simulate.sql): same units, counts scaled per province; the roll-up reads them as it reads real ones (every file\'s SHA-256 verified, one transaction).',
            'Peak RSS is the whole bench process\'s (sampled every 100 ms), which also held the generated province before.',
          ],
          data: { rows, provinces: codes.length, publishMs, publishedRows, simulateMs, rollUpMs: roll.ms, rssBefore, rssPeak, incrementalMs: incremental.ms, nationalRows: held.n, bytes, ranking, rates, trend },
        };
      } finally {
        national.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
