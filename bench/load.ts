/**
 * Load benchmark: rows per second of the project's load of a canonical CSV export,
 * against a bare DuckDB `read_csv` of the same file into a table, measured side by side
 * in one run (bare, project, bare, project, …) so the ratio survives a noisy machine.
 * Then an incremental export (1 % of the rows: half updates of existing documents, half
 * new ones) is loaded into the last project warehouse of each size.
 *
 * Options (after `npm run bench --`): --sizes 1000000,10000000  --pairs 3 (every size).
 */
import { silentLogger } from '../log.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_LOAD_MEMORY_MB, loadSettings } from '../config.ts';
import { loadRun, type RunSummary } from '../ingest/load.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';
import { cachedExport, cachedUpdateExport, repoRoot, workDir, type BenchExport } from './generate.ts';
import {
  fmtBytes, fmtCount, fmtInt, median, peakRssMiB, round, rssSampler,
  type BenchContext, type Check, type DetailTable, type Measurement, type SectionResult,
} from './types.ts';

/** The issue's target: the project's load reaches at least this share of a bare read_csv's speed. */
export const TARGET_RATIO = 0.8;
/** The size the target is stated for. */
const TARGET_ROWS = 10_000_000;

interface SizePlan {
  rows: number;
  pairs: number;
  incremental: boolean;
}

function plan(ctx: BenchContext): SizePlan[] {
  const sizes = ctx.options['sizes']?.split(',').map((s) => Number(s.replace(/_/g, '')))
    ?? (ctx.quick ? [1_000_000] : [1_000_000, 10_000_000]);
  for (const n of sizes) if (!Number.isInteger(n) || n < 100) throw new Error(`--sizes: ${n} is not a row count`);
  const pairsOpt = ctx.options['pairs'] === undefined ? undefined : Number(ctx.options['pairs']);
  if (pairsOpt !== undefined && !(Number.isInteger(pairsOpt) && pairsOpt >= 1)) throw new Error('--pairs must be a positive integer');
  // Three pairs, so the median survives one run disturbed by other work on the machine
  // (10 M rows: about 2 minutes a pair on two cores); two in a quick run.
  return sizes.map((rows) => ({ rows, pairs: pairsOpt ?? (ctx.quick ? 2 : 3), incremental: true }));
}

export interface Timed {
  seconds: number;
  rowsPerSecond: number;
  /** the database file (and WAL, if any) right after the load, before it is closed */
  dbBytes: number;
  /** the database file after closing (checkpointed) */
  dbBytesClosed: number;
  /** closing the database: the final checkpoint (not part of the timed load) */
  closeSeconds: number;
  peakRssMiB: number;
  /** 1-minute load average when the run started: other work on the machine */
  loadAverage: number;
  /** highest RSS of the process seen during the timed load (sampled every 100 ms) */
  rssPeakMiB: number;
}

export interface Phase {
  name: string;
  seconds: number;
}

export interface ProjectTimed extends Timed {
  phases: Phase[];
  summary: Pick<RunSummary, 'status' | 'received' | 'loaded' | 'updated' | 'unchanged' | 'quarantined'>;
  archiveBytes: number;
  incremental?: IncrementalTimed;
}

export interface IncrementalTimed {
  rows: number;
  expected: { updated: number; added: number };
  seconds: number;
  rowsPerSecond: number;
  phases: Phase[];
  summary: ProjectTimed['summary'];
  rssPeakMiB: number;
}

export interface PairResult {
  pair: number;
  bare: Timed;
  project: ProjectTimed;
  /** project rows/s ÷ bare rows/s */
  ratio: number;
}

export interface SizeResult {
  rows: number;
  file: { path: string; bytes: number; generatedSeconds: number };
  pairs: PairResult[];
  medianRatio: number;
  medianBareRowsPerSecond: number;
  medianProjectRowsPerSecond: number;
  medianPhases: Phase[];
  incremental?: IncrementalTimed;
}

const tmpRoot = join(workDir, 'tmp');


function freshDir(prefix: string): string {
  mkdirSync(tmpRoot, { recursive: true });
  return mkdtempSync(join(tmpRoot, `${prefix}-`));
}

const fileBytes = (path: string) => (existsSync(path) ? statSync(path).size : 0);
const dbBytes = (path: string) => fileBytes(path) + fileBytes(`${path}.wal`);

function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  }
  return total;
}

/** (a) bare: a fresh DuckDB file, CREATE TABLE t AS SELECT * FROM read_csv(path) with auto-detected types. */
export async function bareLoad(path: string, rows: number): Promise<Timed> {
  const loadAverage = round(loadavg()[0]!);
  const dir = freshDir('bare');
  try {
    const dbPath = join(dir, 'bare.duckdb');
    const instance = await DuckDBInstance.create(dbPath);
    let seconds = 0;
    let size = 0;
    let c0 = 0;
    let rssPeak = 0;
    try {
      const conn = await instance.connect();
      try {
        const sampler = rssSampler();
        const t0 = performance.now();
        try {
          await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv('${path.replaceAll("'", "''")}')`);
        } finally {
          seconds = (performance.now() - t0) / 1000;
          rssPeak = sampler.stop();
        }
        size = dbBytes(dbPath);
        const n = Number((await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM t')).getRowObjectsJS()[0]?.['n']);
        if (n !== rows) throw new Error(`bare read_csv read ${n} rows of ${rows}`);
      } finally {
        conn.closeSync();
      }
    } finally {
      c0 = performance.now();
      instance.closeSync();
    }
    const closeSeconds = (performance.now() - c0) / 1000;
    return { seconds, rowsPerSecond: rows / seconds, dbBytes: size, dbBytesClosed: dbBytes(dbPath), closeSeconds, peakRssMiB: peakRssMiB(), loadAverage, rssPeakMiB: rssPeak };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Mark {
  t: number;
  message: string;
}

/** Names the load's phases from its progress messages (robust to added messages: unknown ones name their own phase). */
function phaseOf(message: string): string {
  if (/^reading /.test(message)) return 'reading';
  if (/^merging/.test(message)) return 'merging';
  return message.replace(/:.*$/, '').trim();
}

/** Splits [t0, t1] at the progress messages: before the first one the load detects the format and archives the file. */
export function phases(t0: number, marks: readonly Mark[], t1: number): Phase[] {
  const starts: { name: string; t: number }[] = [{ name: 'archiving', t: t0 }];
  for (const m of marks) {
    const name = phaseOf(m.message);
    if (name !== starts[starts.length - 1]!.name) starts.push({ name, t: m.t });
  }
  return starts.map((s, k) => ({ name: s.name, seconds: ((starts[k + 1]?.t ?? t1) - s.t) / 1000 }));
}

function summaryOf(s: RunSummary): ProjectTimed['summary'] {
  return { status: s.status, received: s.received, loaded: s.loaded, updated: s.updated, unchanged: s.unchanged, quarantined: s.quarantined };
}

async function timedLoad(ctx: Awaited<ReturnType<typeof openWarehouse>>, path: string) {
  const marks: Mark[] = [];
  const sampler = rssSampler();
  const t0 = performance.now();
  let summary: RunSummary;
  let rssPeakMiB: number;
  try {
    summary = await loadRun(ctx, {
      sourceId: 'bench',
      trigger: 'test',
      files: [{ path, name: basename(path) }],
      onProgress: (message) => marks.push({ t: performance.now(), message }),
    });
  } finally {
    rssPeakMiB = sampler.stop();
  }
  const t1 = performance.now();
  return { seconds: (t1 - t0) / 1000, phases: phases(t0, marks, t1), summary, rssPeakMiB };
}

async function firstQuarantined(ctx: Awaited<ReturnType<typeof openWarehouse>>): Promise<string> {
  const rows = await ctx.db.all<{ row_no: number; reason: string }>(`SELECT row_no::INTEGER AS row_no, reason FROM quarantine ORDER BY run_id DESC, row_no LIMIT 1`);
  return rows[0] ? `row ${rows[0].row_no}: ${rows[0].reason}` : 'none listed';
}

/**
 * (b) project: a fresh warehouse (schema and registry, not timed), then loadRun of the file
 * (timed: format detection, archiving — copy and SHA-256 —, reading and typing, merging,
 * commit). With `update`, the incremental export is loaded into the same warehouse after.
 */
export async function projectLoad(path: string, rows: number, update?: BenchExport & { plan: { updated: number; added: number } }): Promise<ProjectTimed> {
  const loadAverage = round(loadavg()[0]!);
  const dir = freshDir('project');
  try {
    const config = {
      dbPath: join(dir, 'warehouse.duckdb'),
      dataDir: dir,
      unitsFile: join(repoRoot, 'config/units.csv'),
      settings: loadSettings(join(repoRoot, 'config/settings.json')),
      // the service's default (the server and the CLI read LOAD_MEMORY_MB through loadConfig)
      loadMemoryMb: DEFAULT_LOAD_MEMORY_MB,
    };
    const ctx = await openWarehouse(config, silentLogger());
    let result: Omit<ProjectTimed, 'closeSeconds' | 'dbBytesClosed'>;
    let c0 = 0;
    try {
      const full = await timedLoad(ctx, path);
      const s = full.summary;
      if (s.status !== 'succeeded') throw new Error(`project load failed: ${s.error}`);
      if (s.received !== rows || s.loaded !== rows) {
        throw new Error(`project load: received ${s.received}, loaded ${s.loaded} of ${rows} rows (quarantined ${s.quarantined}; first: ${await firstQuarantined(ctx)})`);
      }
      // not timed: every document keeps the row number it had in the file (doc_id ends with it)
      const misnumbered = (await ctx.db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM documents WHERE row_no - 1 <> right(doc_id, 8)::BIGINT`))[0]?.n;
      if (misnumbered !== 0) throw new Error(`project load: ${misnumbered} documents carry a row number other than their line in the file`);
      result = {
        seconds: full.seconds, rowsPerSecond: rows / full.seconds, phases: full.phases, summary: summaryOf(s),
        dbBytes: dbBytes(config.dbPath), archiveBytes: dirBytes(join(dir, 'archive')), peakRssMiB: peakRssMiB(), loadAverage,
        rssPeakMiB: full.rssPeakMiB,
      };
      if (update) {
        const inc = await timedLoad(ctx, update.path);
        const u = inc.summary;
        if (u.status !== 'succeeded') throw new Error(`incremental load failed: ${u.error}`);
        if (u.received !== update.rows || u.updated !== update.plan.updated || u.loaded !== update.plan.added) {
          throw new Error(`incremental load: ${JSON.stringify(summaryOf(u))}, expected ${update.plan.updated} updated and ${update.plan.added} new (first quarantined: ${await firstQuarantined(ctx)})`);
        }
        result.incremental = {
          rows: update.rows, expected: update.plan, seconds: inc.seconds, rowsPerSecond: update.rows / inc.seconds,
          phases: inc.phases, summary: summaryOf(u), rssPeakMiB: inc.rssPeakMiB,
        };
        result.peakRssMiB = peakRssMiB();
      }
    } finally {
      c0 = performance.now();
      ctx.db.close();
    }
    return { ...result, closeSeconds: (performance.now() - c0) / 1000, dbBytesClosed: dbBytes(config.dbPath) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads the file once so that the first timed run does not pay for a cold page cache. */
async function warmCache(path: string): Promise<void> {
  for await (const _ of createReadStream(path, { highWaterMark: 1 << 22 })) { /* discard */ }
}

async function measureSize(ctx: BenchContext, p: SizePlan): Promise<SizeResult> {
  const label = fmtCount(p.rows);
  ctx.log(`load ${label}: preparing the export (bench/work/, cached by rows and seed)`);
  const file = await cachedExport(p.rows, ctx.seed);
  ctx.log(file.generatedSeconds > 0 ? `load ${label}: generated ${fmtBytes(file.bytes)} in ${file.generatedSeconds.toFixed(1)} s` : `load ${label}: using cached ${basename(file.path)} (${fmtBytes(file.bytes)})`);
  const update = p.incremental ? await cachedUpdateExport(p.rows, ctx.seed) : undefined;
  await warmCache(file.path);

  const pairs: PairResult[] = [];
  for (let k = 1; k <= p.pairs; k++) {
    ctx.log(`load ${label}: pair ${k}/${p.pairs}: bare read_csv`);
    const bare = await bareLoad(file.path, p.rows);
    ctx.log(`load ${label}: pair ${k}/${p.pairs}: bare ${bare.seconds.toFixed(2)} s (${fmtInt(bare.rowsPerSecond)} rows/s); project load${k === p.pairs && update ? ' + incremental' : ''}`);
    const project = await projectLoad(file.path, p.rows, k === p.pairs ? update : undefined);
    const ratio = project.rowsPerSecond / bare.rowsPerSecond;
    ctx.log(`load ${label}: pair ${k}/${p.pairs}: project ${project.seconds.toFixed(2)} s (${fmtInt(project.rowsPerSecond)} rows/s; ${project.phases.map((ph) => `${ph.name} ${ph.seconds.toFixed(1)} s`).join(', ')}), ratio ${ratio.toFixed(3)}`
      + (project.incremental ? `; incremental ${fmtInt(project.incremental.rows)} rows in ${project.incremental.seconds.toFixed(2)} s` : ''));
    pairs.push({ pair: k, bare, project, ratio });
  }
  const phaseNames = [...new Set(pairs.flatMap((x) => x.project.phases.map((ph) => ph.name)))];
  return {
    rows: p.rows,
    file: { path: file.path.slice(repoRoot.length + 1), bytes: file.bytes, generatedSeconds: round(file.generatedSeconds, 1) },
    pairs,
    medianRatio: median(pairs.map((x) => x.ratio)),
    medianBareRowsPerSecond: median(pairs.map((x) => x.bare.rowsPerSecond)),
    medianProjectRowsPerSecond: median(pairs.map((x) => x.project.rowsPerSecond)),
    medianPhases: phaseNames.map((name) => ({ name, seconds: median(pairs.map((x) => x.project.phases.find((ph) => ph.name === name)?.seconds ?? 0)) })),
    ...(pairs.at(-1)?.project.incremental ? { incremental: pairs.at(-1)!.project.incremental! } : {}),
  };
}

const s2 = (x: number) => x.toFixed(2);

function render(sizes: SizeResult[]): SectionResult {
  const summary: Check[] = [];
  for (const r of sizes) {
    const n = fmtCount(r.rows);
    const targetSize = r.rows === TARGET_ROWS;
    summary.push({
      metric: `${n} rows: project ÷ bare read_csv rows/s (median of ${r.pairs.length} pair${r.pairs.length > 1 ? 's' : ''})`,
      target: targetSize ? `≥ ${TARGET_RATIO}` : `≥ ${TARGET_RATIO} (stated for 10 M)`,
      measured: `${r.medianRatio.toFixed(3)} (pairs: ${r.pairs.map((x) => x.ratio.toFixed(3)).join(', ')})`,
      met: r.medianRatio >= TARGET_RATIO,
    });
    summary.push({
      metric: `${n} rows: project load rows/s (context)`,
      target: '—',
      measured: `${fmtInt(r.medianProjectRowsPerSecond)} (${s2(r.rows / r.medianProjectRowsPerSecond)} s; bare ${fmtInt(r.medianBareRowsPerSecond)} rows/s, ${s2(r.rows / r.medianBareRowsPerSecond)} s)`,
      met: null,
    });
    if (r.incremental) {
      const i = r.incremental;
      summary.push({
        metric: `${n} rows: incremental export of ${fmtCount(i.rows)} rows (${fmtInt(i.summary.updated)} updated, ${fmtInt(i.summary.loaded)} new) into the loaded warehouse (context)`,
        target: '—',
        measured: `${s2(i.seconds)} s (${fmtInt(i.rowsPerSecond)} rows/s)`,
        met: null,
      });
    }
  }
  for (const r of sizes) {
    const bare = Math.max(...r.pairs.map((x) => x.bare.rssPeakMiB));
    const project = Math.max(...r.pairs.map((x) => x.project.rssPeakMiB));
    summary.push({
      metric: `${fmtCount(r.rows)} rows: highest RSS during a project load (context; sampled every 100 ms)`,
      target: '—',
      measured: `${fmtInt(project)} MiB (bare read_csv: ${fmtInt(bare)} MiB)`,
      met: null,
    });
  }
  const peak = Math.max(...sizes.flatMap((r) => r.pairs.flatMap((x) => [x.bare.peakRssMiB, x.project.peakRssMiB])));
  summary.push({ metric: 'peak RSS of the benchmark process, whole run (context; maxRSS)', target: '—', measured: `${fmtInt(peak)} MiB`, met: null });

  const tables: DetailTable[] = [];
  tables.push({
    title: 'Pairs (bare then project, alternating in one process)',
    columns: ['rows', 'pair', 'bare s', 'bare rows/s', 'project s', 'project rows/s', 'ratio', 'load avg (bare / project)', 'RSS peak (bare / project)', 'bare DB', 'project DB', 'archive'],
    rows: sizes.flatMap((r) => r.pairs.map((x) => [
      fmtCount(r.rows), x.pair, s2(x.bare.seconds), fmtInt(x.bare.rowsPerSecond), s2(x.project.seconds), fmtInt(x.project.rowsPerSecond),
      x.ratio.toFixed(3), `${x.bare.loadAverage.toFixed(2)} / ${x.project.loadAverage.toFixed(2)}`,
      `${fmtInt(x.bare.rssPeakMiB)} / ${fmtInt(x.project.rssPeakMiB)} MiB`,
      fmtBytes(x.bare.dbBytesClosed), fmtBytes(x.project.dbBytesClosed), fmtBytes(x.project.archiveBytes),
    ])),
  });
  const phaseNames = [...new Set(sizes.flatMap((r) => r.medianPhases.map((p) => p.name)))];
  const incPhaseNames = [...new Set(sizes.flatMap((r) => r.incremental?.phases.map((p) => p.name) ?? []))];
  const cell = (ps: Phase[], name: string, total: number) => {
    const p = ps.find((x) => x.name === name);
    return p ? `${s2(p.seconds)} (${Math.round((100 * p.seconds) / total)} %)` : '—';
  };
  tables.push({
    title: 'Project load phases, seconds (full: median of each phase over the pairs; from the load\'s progress messages)',
    columns: ['rows', 'load', ...phaseNames, 'total'],
    rows: sizes.map((r) => {
      const total = r.medianPhases.reduce((a, p) => a + p.seconds, 0);
      return [fmtCount(r.rows), 'full', ...phaseNames.map((n) => cell(r.medianPhases, n, total)), s2(total)];
    }).concat(sizes.filter((r) => r.incremental).map((r) => {
      const i = r.incremental!;
      return [fmtCount(r.rows), `incremental (${fmtCount(i.rows)})`, ...phaseNames.map((n) => cell(i.phases, n, i.seconds)), s2(i.seconds)];
    })),
  });
  const notes = [
    'bare: a fresh DuckDB file, `CREATE TABLE t AS SELECT * FROM read_csv(path)` with auto-detected types. project: a fresh warehouse (schema and registry not timed), then `loadRun` of the same file under the service\'s default `LOAD_MEMORY_MB` (' + DEFAULT_LOAD_MEMORY_MB + ' MiB) — format detection, archiving (copy + SHA-256), reading and typing, merging and commit. Closing (the final checkpoint) is timed for neither.',
    'Phases: "archiving" runs from the start of `loadRun` to its first progress message (format detection, SHA-256, copy into the archive); "reading" parses the CSV, types and validates every field in the same pass, into a temp table of typed rows (numbered by position); "merging" finds the keys repeated in the run or already in the warehouse (by sorted key hashes), applies, and commits.',
    'The incremental export is 1 % of the size: half are earlier incoming documents again with another completed_time, half are new; it is loaded into the warehouse of the last pair right after its full load.',
    'load avg: the 1-minute load average when each run started; above about 2 (two cores) other work was competing with it.',
    'RSS peak: the highest resident set size of the benchmark process sampled every 100 ms during each timed run (DuckDB may keep some memory after a database is closed, so a run\'s figure can include a little of the earlier runs\'). The whole-run figure is process.resourceUsage().maxRSS.',
  ];
  if (incPhaseNames.some((n) => !phaseNames.includes(n))) notes.push(`Incremental phases not in the full load: ${incPhaseNames.filter((n) => !phaseNames.includes(n)).join(', ')}.`);
  return { summary, tables, notes, data: { targetRatio: TARGET_RATIO, targetRows: TARGET_ROWS, sizes } };
}

export const loadMeasurement: Measurement = {
  id: 'load',
  title: 'Load: project load vs bare DuckDB read_csv',
  async run(ctx) {
    const results: SizeResult[] = [];
    for (const p of plan(ctx)) results.push(await measureSize(ctx, p));
    return render(results);
  },
};
