/**
 * Models benchmark: the model build (analytics/build.ts) over a warehouse of 1 M and 10 M
 * generated documents — the full build (median of 3, with the time of every model and
 * data test) and the incremental build after each of three more business days is loaded
 * (median of 3), whose figures are then compared row for row with a full rebuild.
 *
 * The loaded warehouse (the full export only, no models) is cached in bench/work/ by rows,
 * seed, generator version and a hash of the schema migrations; each run works on a copy.
 *
 * Options (after `npm run bench --`): --models-sizes 1000000,10000000  --models-repeats 3
 */
import { silentLogger } from '../log.ts';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { buildModels, buildModelsIncremental, type BuildResult, type StepTiming } from '../analytics/build.ts';
import { loadSettings } from '../config.ts';
import { loadRun } from '../ingest/load.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';
import { cachedDayExport, cachedExport, GENERATOR_VERSION, repoRoot, workDir } from './generate.ts';
import {
  fmtBytes, fmtCount, fmtInt, median, peakRssMiB, round, rssSampler,
  type BenchContext, type Check, type DetailTable, type Measurement, type SectionResult,
} from './types.ts';

/** Issue 19's targets: a full build of every model at 10 M documents on 2 cores; an incremental build after a day at most a tenth of it. */
export const FULL_TARGET_SECONDS = 3;
export const INCREMENTAL_TARGET_SHARE = 10;
const TARGET_ROWS = 10_000_000;
const DAYS = 3;

const tmpRoot = join(workDir, 'tmp');
const migrationsDir = join(repoRoot, 'warehouse/migrations');

function warehouseConfig(dir: string, dbPath = join(dir, 'warehouse.duckdb')) {
  return {
    dbPath,
    dataDir: dir,
    unitsFile: join(repoRoot, 'config/units.csv'),
    settings: loadSettings(join(repoRoot, 'config/settings.json')),
  };
}

/** What the cached warehouse depends on besides rows and seed: the schema it was created with. */
export function schemaHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsDir).filter((x) => x.endsWith('.sql')).sort()) {
    h.update(f).update('\0').update(readFileSync(join(migrationsDir, f))).update('\0');
  }
  return h.digest('hex').slice(0, 10);
}

/**
 * A warehouse holding the full export of `rows` documents (loaded by the project's own
 * loadRun, no models built), created once into bench/work/ and reused while the schema
 * migrations, the generator version, rows and seed are the same. Stale copies for the same
 * rows and seed are deleted.
 */
export async function cachedWarehouse(rows: number, seed: number, log: (m: string) => void): Promise<{ path: string; loadedSeconds: number }> {
  const prefix = `models-wh-v${GENERATOR_VERSION}-`;
  const suffix = `-r${rows}-s${seed}.duckdb`;
  const path = join(workDir, `${prefix}${schemaHash()}${suffix}`);
  if (existsSync(path)) return { path, loadedSeconds: 0 };
  // (a fresh clone has no bench/work/ yet when this section runs alone)
  mkdirSync(workDir, { recursive: true });
  for (const f of readdirSync(workDir)) {
    if (f.startsWith(prefix) && f.endsWith(suffix)) rmSync(join(workDir, f), { force: true });
  }
  const exp = await cachedExport(rows, seed);
  log(`models ${fmtCount(rows)}: loading ${basename(exp.path)} into a warehouse to cache (once per schema)`);
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, 'models-cache-'));
  try {
    const config = warehouseConfig(dir);
    const ctx = await openWarehouse(config, silentLogger());
    const t0 = performance.now();
    try {
      const s = await loadRun(ctx, { sourceId: 'bench', trigger: 'test', files: [{ path: exp.path, name: basename(exp.path) }] });
      if (s.status !== 'succeeded' || s.loaded !== rows) throw new Error(`loading the models warehouse: ${s.status}, loaded ${s.loaded} of ${rows} (${s.error ?? `${s.quarantined} quarantined`})`);
    } finally {
      ctx.db.close();
    }
    const loadedSeconds = (performance.now() - t0) / 1000;
    renameSync(config.dbPath, path);
    return { path, loadedSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


interface Plan {
  sizes: number[];
  repeats: number;
}

function plan(ctx: BenchContext): Plan {
  const sizes = ctx.options['models-sizes']?.split(',').map((s) => Number(s.replace(/_/g, '')))
    ?? (ctx.quick ? [1_000_000] : [1_000_000, 10_000_000]);
  for (const n of sizes) if (!Number.isInteger(n) || n < 1000) throw new Error(`--models-sizes: ${n} is not a row count`);
  const repeats = Number(ctx.options['models-repeats'] ?? 3);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error('--models-repeats must be a positive integer');
  return { sizes, repeats };
}

export interface TimedBuild {
  kind: BuildResult['kind'];
  seconds: number;
  /** 1-minute load average when the build started: other work on the machine */
  loadAverage: number;
  /** highest RSS of the process during the build, sampled every 100 ms */
  rssPeakMiB: number;
  steps: StepTiming[];
  /** CPU time of the process during the build (BuildResult.cpuMs) */
  cpuMs?: number;
}

export interface DayResult {
  day: string;
  rows: number;
  added: number;
  updated: number;
  loadSeconds: number;
  build: TimedBuild;
  runs: BuildResult['runs'];
}

export interface SizeResult {
  rows: number;
  warehouse: { path: string; bytes: number; loadedSeconds: number };
  full: TimedBuild[];
  medianFullSeconds: number;
  days: DayResult[];
  medianIncrementalSeconds: number;
  /** full builds of the documents as the days left them: the state the incremental builds worked on */
  fullAfterDays: TimedBuild[];
  medianFullAfterDaysSeconds: number;
  /** how many rows of the incrementally built marts differ from the first full build after the days (both ways) */
  check: { differingRows: Record<string, number> };
}

async function timedBuild(build: () => Promise<BuildResult>): Promise<TimedBuild> {
  const loadAverage = round(loadavg()[0]!);
  const sampler = rssSampler();
  const t0 = performance.now();
  let result: BuildResult;
  let rssPeakMiB: number;
  try {
    result = await build();
  } finally {
    rssPeakMiB = sampler.stop();
  }
  return { kind: result.kind, seconds: (performance.now() - t0) / 1000, loadAverage, rssPeakMiB, steps: result.steps, ...(result.cpuMs !== undefined ? { cpuMs: result.cpuMs } : {}) };
}

// (the quarantine marts are rebuilt whole in every build; compared all the same)
const MARTS = ['fct_unit_day', 'fct_unit_day_incoming', 'fct_unit_day_received', 'fct_unit_day_processed', 'fct_unit_day_paper_from', 'fct_quarantine_rows', 'fct_unit_day_quarantine'] as const;

async function measureSize(ctx: BenchContext, rows: number, repeats: number): Promise<SizeResult> {
  const label = `models ${fmtCount(rows)}`;
  ctx.log(`${label}: preparing the warehouse (bench/work/, cached by rows, seed and schema)`);
  const cached = await cachedWarehouse(rows, ctx.seed, ctx.log);
  ctx.log(cached.loadedSeconds > 0 ? `${label}: loaded and cached in ${cached.loadedSeconds.toFixed(1)} s` : `${label}: using cached ${basename(cached.path)}`);
  const dayExports = [];
  for (let k = 0; k < DAYS; k++) dayExports.push(await cachedDayExport(rows, ctx.seed, k));

  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, 'models-'));
  try {
    const config = warehouseConfig(dir);
    copyFileSync(cached.path, config.dbPath);
    const wh = await openWarehouse(config, silentLogger());
    try {
      const full: TimedBuild[] = [];
      for (let k = 1; k <= repeats; k++) {
        const b = await timedBuild(() => buildModels(wh.db));
        ctx.log(`${label}: full build ${k}/${repeats}: ${b.seconds.toFixed(2)} s (load average ${b.loadAverage.toFixed(2)})`);
        full.push(b);
      }
      const days: DayResult[] = [];
      for (const [k, e] of dayExports.entries()) {
        const t0 = performance.now();
        const s = await loadRun(wh, { sourceId: 'bench', trigger: 'test', files: [{ path: e.path, name: basename(e.path) }] });
        const loadSeconds = (performance.now() - t0) / 1000;
        if (s.status !== 'succeeded' || s.loaded !== e.plan.added || s.updated !== e.plan.updated || s.quarantined !== 0) {
          throw new Error(`loading day ${e.plan.date}: ${s.status}, loaded ${s.loaded}, updated ${s.updated}, quarantined ${s.quarantined}; expected ${e.plan.added} new and ${e.plan.updated} updated (${s.error ?? ''})`);
        }
        let runs: BuildResult['runs'] = { first: 0, last: 0 };
        const b = await timedBuild(async () => {
          const r = await buildModelsIncremental(wh.db);
          runs = r.runs;
          if (r.kind !== 'incremental') throw new Error(`the build after day ${e.plan.date} was ${r.kind}${r.reason ? `: ${r.reason}` : ''}, not incremental`);
          return r;
        });
        ctx.log(`${label}: day ${k + 1}/${DAYS} (${e.plan.date}: ${fmtInt(e.plan.added)} new, ${fmtInt(e.plan.updated)} updated) loaded in ${loadSeconds.toFixed(2)} s; incremental build ${b.seconds.toFixed(2)} s`);
        days.push({ day: e.plan.date, rows: e.plan.rows, added: e.plan.added, updated: e.plan.updated, loadSeconds, build: b, runs });
      }
      // the incremental figures against a full rebuild of the same documents, row for row;
      // then more full builds of that state, for the ratio
      const fullAfterDays: TimedBuild[] = [];
      const check = await wh.db.withConnection(async (conn) => {
        for (const m of MARTS) await conn.run(`CREATE TEMP TABLE ${m}_incremental AS FROM ${m}`);
        fullAfterDays.push(await timedBuild(() => buildModels(wh.db)));
        const differingRows: Record<string, number> = {};
        for (const m of MARTS) {
          const r = await conn.runAndReadAll(`SELECT ((SELECT count(*) FROM (FROM ${m}_incremental EXCEPT ALL FROM ${m})) + (SELECT count(*) FROM (FROM ${m} EXCEPT ALL FROM ${m}_incremental)))::BIGINT AS n`);
          differingRows[m] = Number(r.getRowObjectsJS()[0]!['n']);
        }
        return { differingRows };
      });
      while (fullAfterDays.length < repeats) fullAfterDays.push(await timedBuild(() => buildModels(wh.db)));
      ctx.log(`${label}: full builds after the days: ${fullAfterDays.map((b) => `${b.seconds.toFixed(2)} s`).join(', ')}`);
      ctx.log(`${label}: incremental vs full rebuild: ${MARTS.map((m) => `${m} ${check.differingRows[m]} differing rows`).join(', ')}`);
      return {
        rows,
        warehouse: { path: cached.path.slice(repoRoot.length + 1), bytes: statSync(cached.path).size, loadedSeconds: round(cached.loadedSeconds, 1) },
        full,
        medianFullSeconds: median(full.map((b) => b.seconds)),
        days,
        medianIncrementalSeconds: median(days.map((d) => d.build.seconds)),
        fullAfterDays,
        medianFullAfterDaysSeconds: median(fullAfterDays.map((b) => b.seconds)),
        check,
      };
    } finally {
      wh.db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const s2 = (x: number) => x.toFixed(2);
const ms = (x: number) => fmtInt(x);

/** Median time of each step over builds (steps in the order of the first build). */
function medianSteps(builds: readonly TimedBuild[]): { name: string; kind: StepTiming['kind']; ms: number; cpuMs: number; alongside?: true }[] {
  const first = builds[0]?.steps ?? [];
  return first.map((s) => ({
    name: s.name,
    kind: s.kind,
    ...(s.alongside ? { alongside: s.alongside } : {}),
    ms: median(builds.map((b) => b.steps.find((x) => x.name === s.name && x.kind === s.kind)?.ms ?? 0)),
    cpuMs: median(builds.map((b) => b.steps.find((x) => x.name === s.name && x.kind === s.kind)?.cpuMs ?? 0)),
  }));
}

/**
 * CPU seconds of a build (the process's, DuckDB's threads included), which other work on the
 * machine changes less than the wall time: as the build measured it from start to end (the
 * documents' checks run alongside the other steps, so the steps' CPU times overlap).
 */
const cpuSeconds = (b: TimedBuild) => (b.cpuMs ?? b.steps.reduce((a, x) => a + (x.cpuMs ?? 0), 0)) / 1000;

/** A step's name in the tables, marked when it ran on a second connection alongside the others (its time overlaps theirs, its CPU time counts theirs) */
function alongsideMark(steps: ReturnType<typeof medianSteps>[], kind: string, name: string): string {
  return steps.some((list) => list.some((s) => s.kind === kind && s.name === name && s.alongside)) ? `${name} (alongside)` : name;
}

function render(sizes: SizeResult[], repeats: number): SectionResult {
  const summary: Check[] = [];
  for (const r of sizes) {
    const n = fmtCount(r.rows);
    const atTarget = r.rows === TARGET_ROWS;
    summary.push({
      metric: `${n} documents: full build of every model and data test, freshly loaded warehouse (median of ${r.full.length})`,
      target: atTarget ? `≤ ${FULL_TARGET_SECONDS} s on 2 cores` : `— (≤ ${FULL_TARGET_SECONDS} s stated for 10 M)`,
      measured: `${s2(r.medianFullSeconds)} s (builds: ${r.full.map((b) => s2(b.seconds)).join(', ')})`,
      met: atTarget ? r.medianFullSeconds <= FULL_TARGET_SECONDS : null,
    });
    const d0 = r.days[0]!;
    const ratio = r.medianFullAfterDaysSeconds / r.medianIncrementalSeconds;
    summary.push({
      metric: `${n} documents: incremental build after one more day is loaded (${fmtInt(d0.added)} new documents on the day, ${fmtInt(d0.updated)} earlier ones updated; median of ${r.days.length} days), against a full build of the same documents (median of ${r.fullAfterDays.length})`,
      target: `≤ 1/${INCREMENTAL_TARGET_SHARE} of the full build`,
      measured: `${s2(r.medianIncrementalSeconds)} s (days: ${r.days.map((d) => s2(d.build.seconds)).join(', ')}) vs full ${s2(r.medianFullAfterDaysSeconds)} s (${r.fullAfterDays.map((b) => s2(b.seconds)).join(', ')}): full ÷ incremental = ${ratio.toFixed(1)}`,
      met: ratio >= INCREMENTAL_TARGET_SHARE,
    });
    summary.push({
      metric: `${n} documents: CPU seconds of a build, every thread of the process (context: less changed by other work than the times; median)`,
      target: '—',
      measured: `full ${s2(median(r.full.map(cpuSeconds)))} s, incremental ${s2(median(r.days.map((d) => cpuSeconds(d.build))))} s (÷ ${(median(r.fullAfterDays.map(cpuSeconds)) / median(r.days.map((d) => cpuSeconds(d.build)))).toFixed(1)} against the full builds after the days, ${s2(median(r.fullAfterDays.map(cpuSeconds)))} s)`,
      met: null,
    });
    const differing = MARTS.reduce((a, m) => a + (r.check.differingRows[m] ?? 0), 0);
    summary.push({
      metric: `${n} documents: marts after the incremental builds = a full rebuild, row for row (EXCEPT ALL both ways)`,
      target: '0 differing rows',
      measured: MARTS.map((m) => `${m}: ${fmtInt(r.check.differingRows[m] ?? 0)}`).join(', '),
      met: differing === 0,
    });
    summary.push({
      metric: `${n} documents: loading the day's export (context)`,
      target: '—',
      measured: `${s2(median(r.days.map((d) => d.loadSeconds)))} s (median of ${r.days.length})`,
      met: null,
    });
  }
  for (const r of sizes) {
    summary.push({
      metric: `${fmtCount(r.rows)} documents: highest RSS during a build (context; sampled every 100 ms)`,
      target: '—',
      measured: `full ${fmtInt(Math.max(...r.full.map((b) => b.rssPeakMiB)))} MiB, incremental ${fmtInt(Math.max(...r.days.map((d) => d.build.rssPeakMiB)))} MiB`,
      met: null,
    });
  }
  summary.push({
    metric: 'warehouse file before the builds (context)',
    target: '—',
    measured: sizes.map((r) => `${fmtCount(r.rows)}: ${fmtBytes(r.warehouse.bytes)}`).join(', '),
    met: null,
  });
  summary.push({ metric: 'peak RSS of the benchmark process, whole run (context; maxRSS)', target: '—', measured: `${fmtInt(peakRssMiB())} MiB`, met: null });

  const tables: DetailTable[] = [];
  const fullSteps = sizes.map((r) => medianSteps(r.full));
  const names = fullSteps[0]?.filter((s) => s.kind !== 'state' || s.ms >= 0).map((s) => `${s.kind}:${s.name}`) ?? [];
  tables.push({
    title: `Full build: milliseconds per model and data test (median of the ${repeats} builds); "state" is the build's own bookkeeping (build log, hashes, commit)`,
    columns: ['kind', 'step', ...sizes.flatMap((r) => [`${fmtCount(r.rows)} ms`, `${fmtCount(r.rows)} share`, `${fmtCount(r.rows)} CPU ms`])],
    rows: names.map((key) => {
      const [kind, ...rest] = key.split(':');
      const name = rest.join(':');
      return [kind!, alongsideMark(fullSteps, kind!, name), ...fullSteps.flatMap((steps, k) => {
        const total = sizes[k]!.medianFullSeconds * 1000;
        const step = steps.find((s) => s.kind === kind && s.name === name);
        const v = step?.ms ?? 0;
        return [ms(v), `${((100 * v) / total).toFixed(1)} %`, ms(step?.cpuMs ?? 0)];
      })];
    }),
  });
  const incSteps = sizes.map((r) => medianSteps(r.days.map((d) => d.build)));
  const incNames = incSteps[0]?.map((s) => `${s.kind}:${s.name}`) ?? [];
  tables.push({
    title: `Incremental build after one more day: milliseconds per step (median of the ${DAYS} days)`,
    columns: ['kind', 'step', ...sizes.flatMap((r) => [`${fmtCount(r.rows)} ms`, `${fmtCount(r.rows)} CPU ms`])],
    rows: incNames.map((key) => {
      const [kind, ...rest] = key.split(':');
      const name = rest.join(':');
      return [kind!, alongsideMark(incSteps, kind!, name), ...incSteps.flatMap((steps) => {
        const step = steps.find((s) => s.kind === kind && s.name === name);
        return [ms(step?.ms ?? 0), ms(step?.cpuMs ?? 0)];
      })];
    }),
  });
  tables.push({
    title: 'Every build',
    columns: ['documents', 'build', 'kind', 'seconds', 'load avg', 'RSS peak'],
    rows: sizes.flatMap((r) => [
      ...r.full.map((b, k) => [fmtCount(r.rows), `full ${k + 1}, freshly loaded`, b.kind, s2(b.seconds), b.loadAverage.toFixed(2), `${fmtInt(b.rssPeakMiB)} MiB`]),
      ...r.days.map((d) => [fmtCount(r.rows), `after ${d.day} (runs ${d.runs.first}–${d.runs.last})`, d.build.kind, s2(d.build.seconds), d.build.loadAverage.toFixed(2), `${fmtInt(d.build.rssPeakMiB)} MiB`]),
      ...r.fullAfterDays.map((b, k) => [fmtCount(r.rows), `full ${k + 1} after the days${k === 0 ? ' (compared)' : ''}`, b.kind, s2(b.seconds), b.loadAverage.toFixed(2), `${fmtInt(b.rssPeakMiB)} MiB`]),
    ]),
  });
  const notes = [
    'The warehouse: the generated export of that size (bench/generate.ts) loaded by the project\'s own loadRun into a fresh warehouse, cached in bench/work/ (by rows, seed, generator version and a hash of the schema migrations) and copied for each run; its models are built by the first timed full build.',
    'Full build: `buildModels` — every model (staging, intermediate, marts) rebuilt from all documents in one transaction, then every data test over everything, then the commit. Incremental build: `buildModelsIncremental` after `loadRun` of one more business day (2022-01-03, 04, 05; each the average day\'s volume of new documents, plus half as many incoming documents of the whole period completed again) — each mart adds to its rows its own rows of the versions the run set less those of the versions it replaced (document_history), run-scoped data tests check that run\'s documents and keys, and marts_match_document_totals every mart\'s totals against the documents\' totals each load keeps (document_totals; a full build holds those to every document through marts_reconcile_with_documents; the heavier reconciliations and unit_counts tests run in full builds).',
    'After the days, a full rebuild of the same documents is compared with the incrementally built marts (EXCEPT ALL both ways): any differing row is a wrong figure. The ratio is taken against full builds of that same state (the documents as the days left them), measured right after.',
    'The first full build after opening a warehouse reads everything from the file (a cold buffer pool), as the service\'s build at start-up does; the medians are of warm builds.',
    'The documents\' own checks (`-- scope: documents`: unique keys, accepted values, known units, local dates) run once per run: the first full build of the loaded warehouse checks every document, the full builds after it only the runs no build has checked yet (none), as a full build at the service\'s start-up does; an incremental build checks the runs it brings in.',
    'The documents\' own checks run on a second connection while the build\'s connection builds the models and runs the other tests (analytics/build.ts, startDocumentChecks): "(alongside)" marks them in the step tables, where their time overlaps the other steps\'. Each step\'s CPU time is the whole process\'s during it, so the steps they overlap count theirs too (from 2026-12-08; compare those rows with earlier tables with care), and a build\'s CPU time is measured from its start to its end (until then: the sum of its steps, without the few ms between them).',
    'load avg: the 1-minute load average when each build started; above about 2 (two cores) other work was competing with it.',
  ];
  return { summary, tables, notes, data: { targetSeconds: FULL_TARGET_SECONDS, targetRows: TARGET_ROWS, sizes } };
}

export const modelsMeasurement: Measurement = {
  id: 'models',
  title: 'Models: full and incremental build of the figures',
  async run(ctx) {
    const p = plan(ctx);
    const results: SizeResult[] = [];
    for (const rows of p.sizes) results.push(await measureSize(ctx, rows, p.repeats));
    return render(results, p.repeats);
  },
};
