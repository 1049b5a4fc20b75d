/**
 * Pipeline benchmark (issue 19):
 *
 * (a) the service's whole pipeline — what `npm run ingest` does into a fresh warehouse: load
 *     (archive included) and the full model build — against the bare DuckDB two-step
 *     reference pipeline the bench runs itself in plain SQL (pipeline-child.ts,
 *     barePipeline), on the same file, alternating bare / service, each run in a fresh
 *     process; median ratio of their times (target ≤ 1.0 at 10 M);
 * (b) the peak memory of the service's load: the child process's VmHWM when the load ends
 *     (target ≤ 1.5 GiB);
 * (c) freshness: one business day's export (at 10 M: 13,680 new documents and 6,840
 *     updates) dropped into a source of the running server (`npm run serve`) over the
 *     warehouse; from asking for the source's run to the first GET /api/rates answer that
 *     reflects the day: load, incremental build, cache invalidation, the query (target ≤ 1 s
 *     at 10 M, the median of three days one after another).
 *
 * Options: --pipeline-sizes 1000000,10000000  --pipeline-pairs 3  --freshness-rows 10000000
 *          --freshness-days 3 (days one after another in the same server; the median is the figure)
 */
import { spawn } from 'node:child_process';
import { copyFileSync, createReadStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { startBenchServer, type BenchServer } from './bench-server.ts';
import { benchDir, cachedDayExport, cachedExport, repoRoot, workDir } from './generate.ts';
import { cachedWarehouse } from './models.ts';
import type { ChildResult } from './pipeline-child.ts';
import { fmtBytes, fmtCount, fmtInt, median, round, type BenchContext, type Check, type DetailTable, type Measurement } from './types.ts';

export const TARGET_RATIO = 1.0;
export const TARGET_LOAD_MIB = 1536;
export const FRESHNESS_TARGET_SECONDS = 1;
const TARGET_ROWS = 10_000_000;
const tmpRoot = join(workDir, 'tmp');

/** Runs one pipeline in a process of its own; resolves with what it printed. */
async function child(mode: 'bare' | 'service', csv: string): Promise<ChildResult & { wallSeconds: number; loadAverage: number }> {
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, `pipeline-${mode}-`));
  const loadAverage = round(loadavg()[0]!);
  const t0 = performance.now();
  try {
    const p = spawn(process.execPath, ['--import', 'tsx', join(benchDir, 'pipeline-child.ts'), mode, csv, dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
    p.stderr!.on('data', (b: Buffer) => { err = (err + b.toString()).slice(-4000); });
    const code = await new Promise<number | null>((r) => p.once('exit', r));
    if (code !== 0) throw new Error(`${mode} pipeline exited ${code}: ${err}`);
    return { ...(JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult), wallSeconds: (performance.now() - t0) / 1000, loadAverage };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Pair {
  pair: number;
  bare: Awaited<ReturnType<typeof child>>;
  service: Awaited<ReturnType<typeof child>>;
  /** service seconds ÷ bare seconds */
  ratio: number;
  /** VmHWM of the service's process when its load ended */
  loadHwmMiB: number;
}

interface SizeResult {
  rows: number;
  file: { name: string; bytes: number };
  pairs: Pair[];
  medianRatio: number;
  maxLoadHwmMiB: number;
}

interface FreshnessDay {
  day: { date: string; added: number; updated: number };
  /** POST /api/sources/…/run: the load and the incremental build (the response comes after both) */
  runSeconds: number;
  /** then GET /api/rates until the answer reflects the day */
  firstAnswerSeconds: number;
  gets: number;
  totalSeconds: number;
  /** what the server's log says of the run: the load's and the build's own times, and the build's line */
  loadMs?: number;
  buildMs?: number;
  buildLine: string;
}

/** The last line of the server's log (pino JSON) whose message matches `msg`. */
function lastLogLine(log: string, msg: RegExp): { msg: string; ms?: number } | undefined {
  for (const line of log.split('\n').reverse()) {
    if (!line.startsWith('{')) continue;
    try {
      const o = JSON.parse(line) as { msg?: unknown; ms?: unknown };
      if (typeof o.msg === 'string' && msg.test(o.msg)) return { msg: o.msg, ...(typeof o.ms === 'number' ? { ms: o.ms } : {}) };
    } catch { /* a line cut by the tail buffer */ }
  }
  return undefined;
}

interface Freshness {
  rows: number;
  /** the days, one after another in the same server */
  days: FreshnessDay[];
  /** medians over the days */
  runSeconds: number;
  firstAnswerSeconds: number;
  totalSeconds: number;
}

async function warmCache(path: string): Promise<void> {
  for await (const _ of createReadStream(path, { highWaterMark: 1 << 22 })) { /* discard */ }
}

const loadStepHwm = (r: ChildResult) => r.steps.find((s) => s.name.startsWith('load'))?.hwmMiB ?? Number.NaN;

async function measureSize(ctx: BenchContext, rows: number, pairs: number): Promise<SizeResult> {
  const label = `pipeline ${fmtCount(rows)}`;
  const file = await cachedExport(rows, ctx.seed);
  await warmCache(file.path);
  const out: Pair[] = [];
  for (let k = 1; k <= pairs; k++) {
    // alternate which goes first, so neither always follows the other's page-cache and disk work
    const order: ('bare' | 'service')[] = k % 2 ? ['bare', 'service'] : ['service', 'bare'];
    const got: Partial<Record<'bare' | 'service', Awaited<ReturnType<typeof child>>>> = {};
    for (const mode of order) {
      got[mode] = await child(mode, file.path);
      ctx.log(`${label}: pair ${k}/${pairs}: ${mode} ${got[mode]!.seconds.toFixed(2)} s (${got[mode]!.steps.map((s) => `${s.name} ${s.seconds.toFixed(2)}`).join(', ')}); VmHWM ${fmtInt(got[mode]!.hwmMiB)} MiB`);
    }
    const bare = got.bare!;
    const service = got.service!;
    if (bare.counts['documents'] !== rows || service.counts['documents'] !== rows) {
      throw new Error(`${label}: documents read: bare ${bare.counts['documents']}, service ${service.counts['documents']}, of ${rows}`);
    }
    out.push({ pair: k, bare, service, ratio: service.seconds / bare.seconds, loadHwmMiB: loadStepHwm(service) });
  }
  return {
    rows, file: { name: basename(file.path), bytes: file.bytes }, pairs: out,
    medianRatio: median(out.map((p) => p.ratio)), maxLoadHwmMiB: Math.max(...out.map((p) => p.loadHwmMiB)),
  };
}

async function getJson(s: BenchServer, path: string): Promise<string> {
  const res = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${s.token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text;
}

async function measureFreshness(ctx: BenchContext, rows: number, dayCount: number): Promise<Freshness> {
  const label = `freshness ${fmtCount(rows)}`;
  const cached = await cachedWarehouse(rows, ctx.seed, ctx.log);
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, 'freshness-'));
  let server: BenchServer | undefined;
  try {
    copyFileSync(cached.path, join(dir, 'cds.duckdb'));
    ctx.log(`${label}: starting the server (it builds every model first)`);
    server = await startBenchServer(dir);
    const s = server;
    mkdirSync(s.inbox, { recursive: true });
    const days: FreshnessDay[] = [];
    for (let k = 0; k < dayCount; k++) {
      const day = await cachedDayExport(rows, ctx.seed, k);
      // the figure the day changes: the province's rates over the day's month
      const month = day.plan.date.slice(0, 7);
      const path = `/api/rates?period=${month}&area=38`;
      const before = await getJson(s, path);
      copyFileSync(day.path, join(s.inbox, `day${k + 1}.csv`));
      // the folder source takes a file once it has stopped changing for 2 s; and a day after
      // the first waits besides for the background checkpoint the build before it may start
      // 2 s after it (not timed: days are a day apart, and that checkpoint takes under 1.5 s)
      await new Promise((r) => setTimeout(r, k === 0 ? 2_500 : 5_000));
      const t0 = performance.now();
      const res = await fetch(`${s.url}/api/sources/bench-drop/run`, { method: 'POST', headers: { authorization: `Bearer ${s.adminToken}` } });
      const runs = (await res.json()) as { runs: { status: string; loaded: number; updated: number }[] };
      const t1 = performance.now();
      const r = runs.runs[0];
      if (res.status !== 200 || runs.runs.length !== 1 || r?.status !== 'succeeded' || r.loaded !== day.plan.added || r.updated !== day.plan.updated) {
        throw new Error(`${label}: the run of day ${k + 1}: HTTP ${res.status} ${JSON.stringify(runs).slice(0, 500)}`);
      }
      let gets = 0;
      let after = before;
      while (after === before) {
        if (performance.now() - t1 > 60_000) throw new Error(`${label}: ${path} did not change within 60 s of the run of day ${k + 1}`);
        gets++;
        after = await getJson(s, path);
      }
      const t2 = performance.now();
      const load = lastLogLine(s.log(), /^load run finished$/);
      const build = lastLogLine(s.log(), /^models (?:brought up to date|rebuilt)/);
      const buildLine = build?.msg ?? '';
      ctx.log(`${label}: day ${k + 1}/${dayCount} (${day.plan.date}): run (load + incremental build) ${((t1 - t0) / 1000).toFixed(2)} s (the server's log: load ${load?.ms ?? '?'} ms, build ${build?.ms ?? '?'} ms), first answer reflecting it after ${((t2 - t1) / 1000).toFixed(3)} s (${gets} GET); ${buildLine}`);
      days.push({
        day: { date: day.plan.date, added: day.plan.added, updated: day.plan.updated },
        runSeconds: (t1 - t0) / 1000, firstAnswerSeconds: (t2 - t1) / 1000, gets, totalSeconds: (t2 - t0) / 1000,
        ...(load?.ms !== undefined ? { loadMs: load.ms } : {}), ...(build?.ms !== undefined ? { buildMs: build.ms } : {}), buildLine,
      });
    }
    return {
      rows, days,
      runSeconds: median(days.map((d) => d.runSeconds)), firstAnswerSeconds: median(days.map((d) => d.firstAnswerSeconds)), totalSeconds: median(days.map((d) => d.totalSeconds)),
    };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const s2 = (x: number) => x.toFixed(2);

/** The medians of the load's and the build's own times as the server logged them, when it did every day. */
function serverTimes(days: FreshnessDay[]): string {
  const loads = days.map((d) => d.loadMs);
  const builds = days.map((d) => d.buildMs);
  if (loads.some((x) => x === undefined) || builds.some((x) => x === undefined)) return '';
  return `, of which by the server's log the load ${s2(median(loads as number[]) / 1000)} s and the build ${s2(median(builds as number[]) / 1000)} s`;
}

export const pipelineMeasurement: Measurement = {
  id: 'pipeline',
  title: 'Pipeline: the service\'s whole pipeline vs a bare DuckDB two-step pipeline; load memory; freshness',
  async run(ctx) {
    const sizes = ctx.options['pipeline-sizes']?.split(',').map((x) => Number(x.replace(/_/g, ''))) ?? (ctx.quick ? [1_000_000] : [1_000_000, 10_000_000]);
    const pairs = Number(ctx.options['pipeline-pairs'] ?? (ctx.quick ? 2 : 3));
    const freshRows = Number(ctx.options['freshness-rows'] ?? (ctx.quick ? 1_000_000 : 10_000_000));
    const freshDays = Number(ctx.options['freshness-days'] ?? (ctx.quick ? 1 : 3));
    const results: SizeResult[] = [];
    for (const rows of sizes) results.push(await measureSize(ctx, rows, pairs));
    const fresh = await measureFreshness(ctx, freshRows, freshDays);

    const summary: Check[] = [];
    for (const r of results) {
      const n = fmtCount(r.rows);
      const at = r.rows === TARGET_ROWS;
      summary.push({
        metric: `${n} rows: the service's whole pipeline (fresh warehouse: load with archive, full model build, close) ÷ the bare DuckDB two-step pipeline, time (median of ${r.pairs.length} alternating pairs)`,
        target: at ? `≤ ${TARGET_RATIO.toFixed(1)}×` : `— (≤ ${TARGET_RATIO.toFixed(1)}× stated for 10 M)`,
        measured: `${r.medianRatio.toFixed(2)}× (pairs: ${r.pairs.map((p) => `${s2(p.service.seconds)} s ÷ ${s2(p.bare.seconds)} s = ${p.ratio.toFixed(2)}`).join('; ')})`,
        met: at ? r.medianRatio <= TARGET_RATIO : null,
      });
      summary.push({
        metric: `${n} rows: peak memory of the service's load (VmHWM of its process when the load ends; highest of the pairs)`,
        target: `≤ ${fmtInt(TARGET_LOAD_MIB)} MiB (1.5 GiB)`,
        measured: `${fmtInt(r.maxLoadHwmMiB)} MiB (whole pipeline ${fmtInt(Math.max(...r.pairs.map((p) => p.service.hwmMiB)))} MiB; bare pipeline ${fmtInt(Math.max(...r.pairs.map((p) => p.bare.hwmMiB)))} MiB)`,
        met: r.maxLoadHwmMiB <= TARGET_LOAD_MIB,
      });
    }
    const first = fresh.days[0]!.day;
    summary.push({
      metric: `freshness, ${fmtCount(fresh.rows)} documents: one day's export (${fmtInt(first.added)} new, ${fmtInt(first.updated)} updated) through a source of the running server, to the first /api/rates answer reflecting it (median of ${fresh.days.length} day${fresh.days.length > 1 ? 's' : ''}, one after another)`,
      target: fresh.rows === TARGET_ROWS ? `≤ ${FRESHNESS_TARGET_SECONDS} s` : `— (≤ ${FRESHNESS_TARGET_SECONDS} s stated for 10 M)`,
      measured: `${s2(fresh.totalSeconds)} s (run: load + incremental build ${s2(fresh.runSeconds)} s${serverTimes(fresh.days)}; then the answer ${(fresh.firstAnswerSeconds * 1000).toFixed(0)} ms; days: ${fresh.days.map((d) => s2(d.totalSeconds)).join(', ')} s)`,
      met: fresh.rows === TARGET_ROWS ? fresh.totalSeconds <= FRESHNESS_TARGET_SECONDS : null,
    });

    const stepNames = (mode: 'bare' | 'service') => [...new Set(results.flatMap((r) => r.pairs.flatMap((p) => p[mode].steps.map((s) => s.name))))];
    const tables: DetailTable[] = [{
      title: 'Pairs (each pipeline in a fresh process; the order alternates)',
      columns: ['rows', 'pair', 'first', 'bare s', 'service s', 'ratio', 'service load VmHWM', 'service VmHWM', 'bare VmHWM', 'load avg (bare / service)'],
      rows: results.flatMap((r) => r.pairs.map((p) => [
        fmtCount(r.rows), p.pair, p.pair % 2 ? 'bare' : 'service', s2(p.bare.seconds), s2(p.service.seconds), p.ratio.toFixed(2),
        `${fmtInt(p.loadHwmMiB)} MiB`, `${fmtInt(p.service.hwmMiB)} MiB`, `${fmtInt(p.bare.hwmMiB)} MiB`, `${p.bare.loadAverage.toFixed(2)} / ${p.service.loadAverage.toFixed(2)}`,
      ])),
    }];
    for (const mode of ['bare', 'service'] as const) {
      tables.push({
        title: `${mode === 'bare' ? 'Bare pipeline' : 'Service pipeline'}: seconds per step (median over the pairs)`,
        columns: ['rows', ...stepNames(mode), 'total'],
        rows: results.map((r) => [fmtCount(r.rows), ...stepNames(mode).map((name) => s2(median(r.pairs.map((p) => p[mode].steps.find((s) => s.name === name)?.seconds ?? 0)))), s2(median(r.pairs.map((p) => p[mode].seconds)))]),
      });
    }
    const notes = [
      `Input: the generated canonical export (bench/generate.ts): ${results.map((r) => `${r.file.name}, ${fmtBytes(r.file.bytes)}`).join('; ')}; read once before the pairs so that neither pays for a cold page cache.`,
      'Bare pipeline (bench/pipeline-child.ts, barePipeline): `read_csv(all_varchar)` into a table; one typed normalisation into a second table (trimmed codes, direction, the business date in UTC+7, secret/electronic/signed flags, deadline and completion dates); one per-unit, per-month mart with each unit\'s district (its People\'s Committee and communes pooled); the ranking of the districts on the three rates; close (checkpoint). No validation, provenance, history or archive.',
      'Service pipeline: what `npm run ingest -- --db fresh.duckdb FILE` does (cli/ingest.ts): open (schema, registry), loadRun (format detection, archive copy and SHA-256, reading, typing and validating every field with reasons, merging with history), the first model build (a full one: every model and data test), close (checkpoint). Timed inside the process, from the start of its first step to the database closed; Node\'s start-up is timed for neither.',
      'Memory: VmHWM (the kernel\'s high-water mark of the process\'s resident memory), read from /proc/self/status after each step; the load\'s figure is the mark when the load ended (the process started fresh, so it includes Node and the modules, about 100 MiB).',
      `Freshness: the server (\`npm run serve\`, its own process) over the ${fmtCount(fresh.rows)}-document warehouse of the models section, after its start-up build; each day's export (${fresh.days.map((d) => d.day.date).join(', ')}, one after another) is dropped into its folder source (not timed: the source waits 2 s for a file to stop changing, and a day after the first waits 5 s, past the background checkpoint the build before it may start), then POST /api/sources/bench-drop/run (load, incremental model build, figure cache invalidated; it answers then, the alert rules' evaluation starting in the background a second later) and GET /api/rates for the day's month and area 38 until its answer differs from the one before the run (${fresh.days.map((d) => d.gets).join(', ')} GET). The server's log, day by day (its own times of the load and of the build): ${fresh.days.map((d) => `load ${d.loadMs ?? '—'} ms, ${d.buildLine || 'no build line'}`).join('; ')}.`,
    ];
    return { summary, tables, notes, data: { targetRatio: TARGET_RATIO, targetLoadMiB: TARGET_LOAD_MIB, sizes: results, freshness: fresh } };
  },
};
