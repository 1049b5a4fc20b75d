/**
 * Reports benchmark (issue 7): the time and peak RSS of writing the inspection workbook
 * of every unit (team=all, for DIC) whose work list holds a known number of documents —
 * 100 k (quick: 20 k) violating documents in the workbook's period.
 *
 * Input: the generated province of bench/generate.ts (1 M rows; quick: 200 k), trimmed to
 * exactly that many violating documents in the period. Which documents violate is decided
 * by the product itself: the export is loaded once, the work list's query lists the
 * violating documents in the period, and an evenly spread share of them is left out of a
 * copy of the export, cached in bench/work/ like the exports. That copy is loaded with
 * loadRun into a fresh warehouse, the models are built, and the count is checked in the
 * warehouse (the work list's query, counted) before anything is timed.
 *
 * Timed: `saveInspection` (what the CLI and the monthly job call; the API route calls the
 * same writer) in a child process of its own (bench/reports-write.ts), so its peak RSS
 * (VmHWM) is that of the report and nothing else; median of 3 runs. Then, untimed: the
 * written workbook is read back with ExcelJS and its work-list rows counted; one run that
 * only streams the query, and one run under the V8 CPU profiler, say where the time goes.
 *
 * Options: --reports-rows N (the generated export), --reports-violations N, --reports-runs N,
 *          --reports-profile true|false (default: in full runs only),
 *          --reports-writer xlsx-fast|exceljs (default xlsx-fast: the product's writer; exceljs:
 *          the same workbook through ExcelJS's public streaming API, the other candidate).
 */
import { listValue } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildModels } from '../analytics/build.ts';
import { sqlFile } from '../warehouse/sql.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { loadSettings } from '../config.ts';
import { loadRun } from '../ingest/load.ts';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.ts';
import { INSPECTION_SHEETS, WORK_HEADER_ROW } from '../reports/inspection-xlsx.ts';
import { streamViolations, teamScope } from '../reports/inspection-data.ts';
import { benchDir, cachedExport, GENERATOR_VERSION, repoRoot, workDir } from './generate.ts';
import type { ChildResult } from './reports-write.ts';
import { fmtBytes, fmtCount, fmtInt, median, round, type BenchContext, type Check, type DetailTable, type Measurement, type SectionResult } from './types.ts';
import { silentLogger } from '../log.ts';

export const TARGET_SECONDS = 3;
/** 500 MB, in bytes (RSS is measured in KiB, shown in MiB: 500 MB is 476.8 MiB) */
export const TARGET_RSS_BYTES = 500e6;
/** the size the targets are stated for */
const TARGET_VIOLATIONS = 100_000;

/** The workbook's period and as_of: two whole years of the generated province, over by then. */
const PERIOD = { from: '2020-01-01', to: '2021-12-31' } as const;
const AS_OF = '2021-12-31';
const TEAM = 'all';
/** the clock of the runs ("generated at" on the cover): every run writes the same workbook */
const NOW = '2022-01-05T01:00:00Z';
/** Bump when the trimming changes, so cached trimmed exports are not reused. */
const TRIM_VERSION = 1;

const VIOLATIONS_SQL = () => sqlFile(new URL('../reports/queries/inspection-violations.sql', import.meta.url));

interface Plan {
  rows: number;
  violations: number;
  runs: number;
  profile: boolean;
  writer: 'xlsx-fast' | 'exceljs';
}

function plan(ctx: BenchContext): Plan {
  const num = (name: string, dflt: number) => {
    const v = ctx.options[name] === undefined ? dflt : Number(ctx.options[name]!.replace(/_/g, ''));
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
    return v;
  };
  return {
    rows: num('reports-rows', ctx.quick ? 200_000 : 1_000_000),
    violations: num('reports-violations', ctx.quick ? 20_000 : TARGET_VIOLATIONS),
    runs: num('reports-runs', 3),
    // the profiled run is left out of quick runs (it takes as long as another run), unless asked for
    profile: ctx.options['reports-profile'] === undefined ? !ctx.quick : ctx.options['reports-profile'] !== 'false',
    writer: writerOption(ctx.options['reports-writer']),
  };
}

function writerOption(v: string | undefined): Plan['writer'] {
  if (v === undefined || v === 'xlsx-fast' || v === 'exceljs') return v ?? 'xlsx-fast';
  throw new Error('--reports-writer must be xlsx-fast or exceljs');
}

const settings = () => loadSettings(join(repoRoot, 'config/settings.json'));

async function warehouse(dir: string): Promise<Warehouse> {
  return openWarehouse({ dbPath: join(dir, 'warehouse.duckdb'), dataDir: dir, unitsFile: join(repoRoot, 'config/units.csv'), settings: settings() }, silentLogger());
}

async function load(ctx: Warehouse, path: string): Promise<number> {
  const t0 = performance.now();
  const s = await loadRun(ctx, { sourceId: 'bench', trigger: 'test', files: [{ path, name: basename(path) }] });
  if (s.status !== 'succeeded' || s.quarantined > 0) throw new Error(`load of ${basename(path)}: ${s.status}, ${s.quarantined} quarantined (${s.error ?? ''})`);
  await buildModels(ctx.db);
  return (performance.now() - t0) / 1000;
}

const scope = () => ({ period: { kind: 'range' as const, label: `${PERIOD.from}..${PERIOD.to}`, ...PERIOD }, asOf: AS_OF, includeBaseline: false });

async function unitCodes(ctx: Warehouse): Promise<string[]> {
  return (await teamScope(new Figures(ctx.db, new FigureCache()), settings(), TEAM)).unitCodes;
}

/** The number of documents in the work list of the all-units workbook: the product's query, counted in DuckDB. */
async function countViolations(ctx: Warehouse): Promise<number> {
  const s = scope();
  const rows = await ctx.db.all<{ n: number }>(`SELECT count(*)::DOUBLE AS n FROM (${VIOLATIONS_SQL().replace(/;\s*$/, '')})`, {
    units: listValue(await unitCodes(ctx)), from: s.period.from, to: s.period.to, as_of: s.asOf, include_baseline: s.includeBaseline,
    office: settings().provincialOffice,
  });
  return rows[0]!.n;
}

/**
 * The export with exactly `target` violating documents in the period: the generated export
 * without an evenly spread share of its violating documents (the work list's own query on
 * a warehouse of the whole export says which violate). Removing a document changes no other
 * document's reasons, so what is left is exactly `target`.
 */
async function writeTrimmedExport(ctx: BenchContext, source: string, path: string, target: number, tmpDir: string): Promise<void> {
  const wh = await warehouse(tmpDir);
  const keys: string[] = [];
  try {
    ctx.log(`reports: loading ${basename(source)} to find its violating documents`);
    await load(wh, source);
    await streamViolations(wh, await unitCodes(wh), scope(), settings().provincialOffice, (rows) => { for (const r of rows) keys.push(`${r.unit_code},${r.doc_id},`); });
  } finally {
    wh.db.close();
  }
  if (keys.length < target) throw new Error(`${basename(source)} has ${keys.length} violating documents in ${PERIOD.from}..${PERIOD.to}, fewer than ${target}: give a larger --reports-rows`);
  // keep document k when the k-th step of target/total crosses an integer: exactly `target`, evenly spread
  const drop = new Set<string>();
  keys.forEach((key, k) => { if (Math.floor(((k + 1) * target) / keys.length) === Math.floor((k * target) / keys.length)) drop.add(key); });
  ctx.log(`reports: ${fmtInt(keys.length)} violating documents; writing ${basename(path)} without ${fmtInt(drop.size)} of them`);
  const tmp = `${path}.partial-${process.pid}`;
  const out = createWriteStream(tmp);
  let dropped = 0;
  try {
    for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
      // unit_code and doc_id are the first two fields, never quoted in a generated export
      const second = line.indexOf(',', line.indexOf(',') + 1);
      if (drop.has(line.slice(0, second + 1))) { dropped++; continue; }
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    if (dropped !== drop.size) throw new Error(`trimming ${basename(source)}: dropped ${dropped} lines, expected ${drop.size}`);
    renameSync(tmp, path);
  } catch (err) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
}

interface Prepared {
  dir: string;
  dbPath: string;
  export: { path: string; bytes: number; sourceRows: number };
  violations: number;
  loadSeconds: number;
}

async function prepare(ctx: BenchContext, p: Plan): Promise<Prepared> {
  const source = await cachedExport(p.rows, ctx.seed);
  if (source.generatedSeconds > 0) ctx.log(`reports: generated ${basename(source.path)} in ${source.generatedSeconds.toFixed(1)} s`);
  const trimmed = join(workDir, `reports-v${GENERATOR_VERSION}.${TRIM_VERSION}-r${p.rows}-s${ctx.seed}-n${p.violations}-${PERIOD.from}_${PERIOD.to}-${AS_OF}.csv`);
  const tmpRoot = join(workDir, 'tmp');
  mkdirSync(tmpRoot, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    if (!existsSync(trimmed)) {
      const scratch = mkdtempSync(join(tmpRoot, 'reports-trim-'));
      try {
        await writeTrimmedExport(ctx, source.path, trimmed, p.violations, scratch);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    } else {
      ctx.log(`reports: using cached ${basename(trimmed)}`);
    }
    const dir = mkdtempSync(join(tmpRoot, 'reports-'));
    const wh = await warehouse(dir);
    let violations: number;
    let loadSeconds: number;
    try {
      ctx.log(`reports: loading ${basename(trimmed)} into a fresh warehouse and building the models`);
      loadSeconds = await load(wh, trimmed);
      violations = await countViolations(wh);
    } finally {
      wh.db.close();
    }
    if (violations === p.violations) {
      ctx.log(`reports: the warehouse holds ${fmtInt(violations)} violating documents in ${PERIOD.from}..${PERIOD.to} (as of ${AS_OF}), as planned`);
      return { dir, dbPath: join(dir, 'warehouse.duckdb'), export: { path: trimmed, bytes: statSync(trimmed).size, sourceRows: p.rows }, violations, loadSeconds };
    }
    rmSync(dir, { recursive: true, force: true });
    // a cached copy made under other rules (rules.sql changed since): make it again, once
    if (attempt > 1) throw new Error(`the warehouse holds ${violations} violating documents, not ${p.violations}`);
    ctx.log(`reports: cached ${basename(trimmed)} gives ${fmtInt(violations)} violating documents, not ${fmtInt(p.violations)}: making it again`);
    rmSync(trimmed, { force: true });
  }
}

/** Runs bench/reports-write.ts in a child process and returns its JSON line. */
async function child(prep: Prepared, outDir: string, mode: 'write' | 'query', writer: Plan['writer'], nodeArgs: string[] = []): Promise<ChildResult> {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(benchDir, 'reports-write.ts'),
    '--db', prep.dbPath, '--out', outDir, '--team', TEAM, '--from', PERIOD.from, '--to', PERIOD.to, '--as-of', AS_OF, '--now', NOW, '--mode', mode, '--writer', writer], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  proc.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const [code] = (await once(proc, 'close')) as [number | null];
  if (code !== 0) throw new Error(`reports-write.ts (${mode}) exited ${code}: ${stderr.trim().slice(-2000)}`);
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ChildResult;
}

interface WorkbookCheck {
  workRows: number;
  consecutive: boolean;
  totalLine: string | null;
  sheets: string[];
}

/** Reads a written workbook back (ExcelJS's streaming reader) and counts the work list's document rows. */
/**
 * Reads the written workbook back with ExcelJS's whole-file reader. (Its streaming reader,
 * used before, stopped short on the 100 k workbook: its iteration never settled, so the
 * bench process ran out of work and exited without writing its results.)
 */
async function readBack(path: string): Promise<WorkbookCheck> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const check: WorkbookCheck = { workRows: 0, consecutive: true, totalLine: null, sheets: [] };
  for (const ws of wb.worksheets) {
    check.sheets.push(ws.name);
    if (ws.name !== INSPECTION_SHEETS.work) continue;
    ws.eachRow((row) => {
      if (row.number <= WORK_HEADER_ROW) return;
      const first = row.getCell(1).value;
      if (typeof first === 'number') {
        check.workRows++;
        if (first !== check.workRows) check.consecutive = false;
      } else {
        check.totalLine = String(row.getCell(3).value ?? '');
      }
    });
  }
  return check;
}

interface ProfileCategory {
  name: string;
  ms: number;
}

/** What each part of the code took on the main thread during the timed part, from a V8 CPU profile (self time by file). */
function profileCategories(file: string, [from, to]: [number, number]): { categories: ProfileCategory[]; totalMs: number } {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string } }[];
    startTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n.callFrame]));
  const category = (f: { functionName: string; url: string }): string => {
    const u = f.url;
    if (f.functionName === '(garbage collector)') return 'garbage collection';
    if (f.functionName === '(idle)') return 'idle (waiting: for DuckDB, for zlib to catch up, for I/O)';
    if (f.functionName === '(program)') return 'V8 and native (program)';
    if (u.includes('@duckdb')) return 'DuckDB node-api (results to JS values, statements)';
    if (/node_modules\/(archiver|zip-stream|compress-commons|crc-32|crc32-stream|readable-stream|buffer-crc32)/.test(u) || u === 'node:zlib' || u.startsWith('node:internal/streams')) return 'zip and streams (archiver, zlib, Node streams)';
    if (u.includes('node_modules/exceljs') || u.includes('node_modules/saxes') || u.includes('node_modules/unzipper')) return 'ExcelJS: cells, styles, XML';
    if (/\/reports\/xlsx-fast[-\w]*\.ts/.test(u)) return 'report code: the workbook writer, rows, styles and shared strings as XML (reports/xlsx-fast*.ts)';
    if (u.includes('/reports/inspection-data.ts')) return 'report code: work list batches from DuckDB, JSON.parse (reports/inspection-data.ts)';
    if (u.includes('/reports/')) return 'report code: other (reports/)';
    if (u.includes('/analytics/') || u.includes('/ingest/')) return 'analytics and ingest code';
    if (u.includes('node_modules/tsx') || u.includes('esbuild') || u.startsWith('node:internal/modules')) return 'module loading';
    if (u.startsWith('node:')) return 'Node built-ins (other)';
    if (u === '') return 'native (Buffer writes, UTF-8 decoding, …)';
    return 'other';
  };
  const ms = new Map<string, number>();
  let total = 0;
  let at = prof.startTime;
  prof.samples.forEach((id, k) => {
    const delta = prof.timeDeltas[k] ?? 0;
    at += delta;
    // a sample stands for the time since the one before
    if (at <= from || at - delta >= to) return;
    const dt = (Math.min(at, to) - Math.max(at - delta, from)) / 1000;
    total += dt;
    const c = category(byId.get(id)!);
    ms.set(c, (ms.get(c) ?? 0) + dt);
  });
  return { categories: [...ms].map(([name, v]) => ({ name, ms: v })).sort((a, b) => b.ms - a.ms), totalMs: total };
}

/** The writer's progress messages (InspectionRequest.onProgress) and the part of the work each one ends. */
const PHASES: readonly (readonly [string, string])[] = [
  ['figures', 'figures of the summary (DuckDB; the work list\'s query runs alongside)'],
  ['cover', 'cover sheet'],
  ['summary', 'summary sheet'],
  ['work list query', 'waiting for the work list\'s query after that'],
  ['work list', 'work list rows (each document\'s JSON → cells → XML; zlib compresses alongside)'],
  ['file', 'definitions, shared strings, the rest of the zip'],
];
const RENAME = 'closing and renaming the file';

interface Phase {
  name: string;
  seconds: number;
}

/** A run's phases from its marks: each from the previous mark (or the start) to its own; what is left after the last, to the end. */
function phasesOf(r: ChildResult): Phase[] {
  const out: Phase[] = [];
  let last = 0;
  for (const [message, name] of PHASES) {
    const m = r.marks.find((x) => x.message === message);
    if (!m) continue;
    out.push({ name, seconds: m.seconds - last });
    last = m.seconds;
  }
  out.push({ name: RENAME, seconds: r.seconds - last });
  return out;
}

interface ReportsData {
  plan: Plan;
  period: typeof PERIOD;
  asOf: string;
  team: string;
  export: Prepared['export'];
  violations: number;
  loadSeconds: number;
  runs: (ChildResult & { loadAverage: number })[];
  medianSeconds: number;
  medianPeakRssMiB: number;
  medianRssBeforeMiB: number;
  medianPhases: Phase[];
  query: ChildResult | null;
  readBack: WorkbookCheck;
  profile: { categories: ProfileCategory[]; totalMs: number; seconds: number } | null;
}

async function measure(ctx: BenchContext, p: Plan): Promise<ReportsData> {
  const prep = await prepare(ctx, p);
  const outDir = mkdtempSync(join(workDir, 'tmp', 'reports-out-'));
  try {
    // untimed first: the query alone (also warms the page cache for the timed runs)
    ctx.log('reports: streaming the work list only (the query\'s share)');
    const query = await child(prep, outDir, 'query', p.writer);
    if (query.violations !== prep.violations) throw new Error(`the query streamed ${query.violations} documents, not ${prep.violations}`);
    const runs: ReportsData['runs'] = [];
    for (let k = 1; k <= p.runs; k++) {
      const loadAverage = round(loadavg()[0]!);
      const r = await child(prep, outDir, 'write', p.writer);
      runs.push({ ...r, loadAverage });
      ctx.log(`reports: run ${k}/${p.runs}: ${r.seconds.toFixed(2)} s, peak RSS ${fmtInt(r.peakRssMiB)} MiB (${fmtInt(r.rssBeforeMiB)} before writing), ${fmtBytes(r.bytes ?? 0)}, load average ${loadAverage.toFixed(2)}`);
      if (r.violations !== prep.violations) throw new Error(`run ${k} wrote ${r.violations} documents, not ${prep.violations}`);
    }
    ctx.log('reports: reading the workbook back');
    const check = await readBack(runs.at(-1)!.path!);
    if (check.workRows !== prep.violations || !check.consecutive || check.totalLine !== `Tổng số: ${prep.violations} văn bản`) {
      throw new Error(`the workbook's work list has ${check.workRows} document rows (numbered 1..n: ${check.consecutive}; total line "${check.totalLine}"), not ${prep.violations}`);
    }
    let profile: ReportsData['profile'] = null;
    if (p.profile) {
      ctx.log('reports: one more run under the V8 CPU profiler');
      const profDir = join(outDir, 'prof');
      const r = await child(prep, outDir, 'write', p.writer, ['--cpu-prof', '--cpu-prof-dir', profDir]);
      const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
      if (file) profile = { ...profileCategories(join(profDir, file), r.windowMicros), seconds: r.seconds };
    }
    return {
      plan: p, period: PERIOD, asOf: AS_OF, team: TEAM, export: { ...prep.export, path: prep.export.path.slice(repoRoot.length + 1) },
      violations: prep.violations, loadSeconds: prep.loadSeconds, runs,
      medianSeconds: median(runs.map((r) => r.seconds)), medianPeakRssMiB: median(runs.map((r) => r.peakRssMiB)), medianRssBeforeMiB: median(runs.map((r) => r.rssBeforeMiB)),
      medianPhases: [...PHASES.map(([, name]) => name), RENAME]
        .filter((name) => runs.some((r) => phasesOf(r).some((p) => p.name === name)))
        .map((name) => ({ name, seconds: median(runs.map((r) => phasesOf(r).find((p) => p.name === name)?.seconds ?? 0)) })),
      query, readBack: check, profile,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(prep.dir, { recursive: true, force: true });
  }
}

const s2 = (x: number) => x.toFixed(2);

function render(d: ReportsData): SectionResult {
  const n = fmtCount(d.violations);
  const atTarget = d.violations === TARGET_VIOLATIONS;
  const stated = atTarget ? '' : ` (stated for ${fmtCount(TARGET_VIOLATIONS)})`;
  const times = d.runs.map((r) => s2(r.seconds)).join(', ');
  const rss = d.runs.map((r) => fmtInt(r.peakRssMiB)).join(', ');
  const summary: Check[] = [
    {
      metric: `inspection workbook, all units, ${n} violating documents: time to write (median of ${d.runs.length})`,
      target: `≤ ${TARGET_SECONDS} s${stated}`, measured: `${s2(d.medianSeconds)} s (runs: ${times})`, met: d.medianSeconds <= TARGET_SECONDS,
    },
    {
      metric: `inspection workbook, all units, ${n} violating documents: peak RSS of the process writing it (median of ${d.runs.length}; VmHWM)`,
      target: `≤ ${TARGET_RSS_BYTES / 1e6} MB${stated}`,
      measured: `${fmtInt(d.medianPeakRssMiB)} MiB = ${fmtInt((d.medianPeakRssMiB * 2 ** 20) / 1e6)} MB (runs: ${rss} MiB; ${fmtInt(d.medianRssBeforeMiB)} MiB before writing)`,
      met: d.medianPeakRssMiB * 2 ** 20 <= TARGET_RSS_BYTES,
    },
    {
      metric: 'work-list rows read back from the written workbook (context)',
      target: `= ${fmtInt(d.violations)}`, measured: `${fmtInt(d.readBack.workRows)} (${d.readBack.totalLine})`, met: d.readBack.workRows === d.violations,
    },
  ];
  const tables: DetailTable[] = [{
    title: `Runs (each in a process of its own; ${fmtInt(d.violations)} documents in the work list, ${d.runs[0]?.units ?? '?'} units)`,
    columns: ['run', 'seconds', 'CPU s (all threads)', 'peak RSS (VmHWM)', 'RSS before writing', 'file', 'load avg'],
    rows: d.runs.map((r, k) => [k + 1, s2(r.seconds), s2(r.cpuSeconds), `${fmtInt(r.peakRssMiB)} MiB`, `${fmtInt(r.rssBeforeMiB)} MiB`, fmtBytes(r.bytes ?? 0), r.loadAverage.toFixed(2)]),
  }];
  const phaseTotal = d.medianPhases.reduce((a, p) => a + p.seconds, 0);
  tables.push({
    title: `Phases of the write, seconds (median of each over the ${d.runs.length} runs; from the writer's progress messages)`,
    columns: ['phase', 'seconds', 'share'],
    rows: [
      ...d.medianPhases.map((p) => [p.name, s2(p.seconds), `${Math.round((100 * p.seconds) / phaseTotal)} %`]),
      ...(d.query ? [['(context) the work list\'s query alone, streamed into JS rows and discarded, in a run of its own', s2(d.query.seconds), '—']] : []),
    ],
  });
  if (d.profile) {
    tables.push({
      title: `Main thread by code during the write, seconds (V8 CPU profile of one more run, which took ${s2(d.profile.seconds)} s under the profiler; self time by file)`,
      columns: ['code', 'seconds', 'share'],
      rows: d.profile.categories.filter((c) => c.ms >= 5).map((c) => [c.name, s2(c.ms / 1000), `${Math.round((100 * c.ms) / d.profile!.totalMs)} %`]),
    });
  }
  const notes = [
    `Input: ${basename(d.export.path)} (${fmtBytes(d.export.bytes)}): the generated ${fmtCount(d.export.sourceRows)}-row province (bench/generate.ts, seed in the name) without an evenly spread share of its violating documents, so that the period ${d.period.from}..${d.period.to} (as of ${d.asOf}) holds exactly ${fmtInt(d.violations)}; loaded with loadRun into a fresh warehouse and the models built (${s2(d.loadSeconds)} s, not timed); the count is checked in the warehouse (the work list's query, counted) before the runs and again on the workbook after them.`,
    `Writer: ${d.plan.writer === 'exceljs' ? 'ExcelJS\'s public streaming API (`--reports-writer exceljs`, reports/xlsx-fast-exceljs.ts), the candidate not taken' : 'reports/xlsx-fast.ts, the product\'s own (`--reports-writer exceljs` measures ExcelJS\'s public streaming API on the same workbook)'}.`,
    'Timed: `saveInspection(deps, "all", scope, dir)` — the function the CLI (`cli/reports.ts inspection`) and the monthly job call; the API route runs the same writer (`writeInspectionXlsx`) into memory — from the call to the renamed file on disk. Not timed: starting Node, opening the warehouse.',
    'Peak RSS is the child process\'s VmHWM (its maxRSS), so it includes Node, tsx and DuckDB with the warehouse open ("before writing"), not the benchmark process.',
    'The CPU profile covers the main thread only: DuckDB\'s own threads and zlib\'s deflate (libuv thread pool) show there as idle time or not at all; "CPU s (all threads)" counts them.',
  ];
  return { summary, tables, notes, data: d };
}

export const reportsMeasurement: Measurement = {
  id: 'reports',
  title: 'Reports: inspection workbook of every unit (team=all) with 100 k violating documents',
  async run(ctx) {
    return render(await measure(ctx, plan(ctx)));
  },
};
