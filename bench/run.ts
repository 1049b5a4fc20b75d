/**
 * The benchmark harness: `npm run bench` (full) or `npm run bench -- --quick` (≤ 2 minutes).
 *
 * Each measurement is one module under bench/ exporting a Measurement (see types.ts), listed
 * in MEASUREMENTS below. The run writes bench/results.json and bench/results.md (quick:
 * results-quick.*), one section per measurement, with the date, the machine and the commit.
 *
 *   --quick           small sizes, few repetitions
 *   --only load,...   run only these sections; the others already in the results file are kept
 *   --seed N          seed of the generated inputs (default 1)
 *   --<name> <value>  passed on to the measurements (e.g. --sizes 1000000 --pairs 2 for load)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { benchDir } from './generate.ts';
import { loadMeasurement } from './load.ts';
import { modelsMeasurement } from './models.ts';
import { pipelineMeasurement } from './pipeline.ts';
import { uiSizeMeasurement } from './ui-size.ts';
import { apiMeasurement } from './api.ts';
import { reportsMeasurement } from './reports.ts';
import { serverMeasurement } from './server.ts';
import { cacheMeasurement } from './cache.ts';
import { nationalMeasurement } from './national.ts';
import { gitInfo, machineInfo, type GitInfo, type MachineInfo } from './machine.ts';
import type { BenchContext, Check, DetailTable, Measurement } from './types.ts';

/** Every section of the benchmark, in the order they run. Add new measurements here. */
export const MEASUREMENTS: Measurement[] = [loadMeasurement, modelsMeasurement, pipelineMeasurement, apiMeasurement, reportsMeasurement, serverMeasurement, cacheMeasurement, nationalMeasurement, uiSizeMeasurement];

const NOISE_NOTE =
  'Figures are from a noisy shared 2-core machine (other work, such as test runs, may have been running at the same time). ' +
  'Ratios measured side by side in one run are the figures to compare; absolute times and rates are context only.';

export interface SectionRecord {
  title: string;
  status: 'ok' | 'failed';
  error?: string;
  date: string;
  commit: string | null;
  durationSeconds: number;
  summary: Check[];
  tables: DetailTable[];
  notes: string[];
  data: unknown;
}

export interface Results {
  mode: 'full' | 'quick';
  date: string;
  machine: MachineInfo;
  git: GitInfo;
  note: string;
  sections: Record<string, SectionRecord>;
}

interface Args {
  quick: boolean;
  seed: number;
  only: string[] | null;
  options: Record<string, string>;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, seed: 1, only: null, options: {} };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? a.slice(2, eq > 0 ? eq : undefined) : null;
    if (name === null) throw new Error(`unexpected argument ${a}`);
    if (name === 'quick') { args.quick = true; continue; }
    const value = eq > 0 ? a.slice(eq + 1) : argv[++k];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (name === 'seed') {
      args.seed = Number(value);
      if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
    } else if (name === 'only') {
      args.only = value.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = args.only.filter((id) => !MEASUREMENTS.some((m) => m.id === id));
      if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(', ')} (known: ${MEASUREMENTS.map((m) => m.id).join(', ')})`);
    } else {
      args.options[name] = value;
    }
  }
  return args;
}

const cellText = (v: string | number) => String(v).replaceAll('|', '\\|').replaceAll('\n', ' ');

function mdTable(columns: string[], rows: (string | number)[][]): string {
  return [
    `| ${columns.map(cellText).join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cellText).join(' | ')} |`),
  ].join('\n');
}

export function renderMarkdown(r: Results): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`# Benchmark results${r.mode === 'quick' ? ' (quick)' : ''}`, '');
  out.push(`> ${NOISE_NOTE}`, '');
  out.push(`- date: ${r.date}`);
  out.push(`- commit: ${r.git.commit ?? 'unknown'}${r.git.modifiedFiles || r.git.untrackedFiles ? ` (working tree: ${r.git.modifiedFiles} modified, ${r.git.untrackedFiles} untracked files)` : ''}`);
  out.push(`- machine: ${m.os}; ${m.cpuCount} × ${m.cpuModel}; ${m.totalMemoryGiB} GiB; Node ${m.node}; DuckDB ${m.duckdb} (@duckdb/node-api ${m.duckdbNodeApi})`);
  out.push(`- load average when the run started: ${m.loadAverageAtStart.join(', ')}`);
  out.push(`- command: \`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}\``, '');
  for (const [id, s] of Object.entries(r.sections)) {
    out.push(`## ${s.title} (\`${id}\`)`, '');
    out.push(`_${s.date}, commit ${s.commit?.slice(0, 12) ?? 'unknown'}, ${(s.durationSeconds / 60).toFixed(1)} min_`, '');
    if (s.status === 'failed') out.push(`**Failed:** ${s.error ?? 'unknown error'}`, '');
    if (s.summary.length) {
      out.push(mdTable(['measure', 'target', 'measured', 'met'], s.summary.map((c) => [c.metric, c.target, c.measured, c.met === null ? '—' : c.met ? 'yes' : 'no'])), '');
    }
    for (const t of s.tables) out.push(`### ${t.title}`, '', mdTable(t.columns, t.rows), '');
    if (s.notes.length) out.push(...s.notes.map((n) => `- ${n}`), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const mode = args.quick ? 'quick' : 'full';
  const base = join(benchDir, args.quick ? 'results-quick' : 'results');
  const started = performance.now();
  const log = (message: string) => {
    const s = Math.round((performance.now() - started) / 1000);
    process.stderr.write(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${message}\n`);
  };
  const ctx: BenchContext = { quick: args.quick, seed: args.seed, options: args.options, log };
  const machine = await machineInfo();
  const git = gitInfo();
  log(`bench (${mode}) on ${machine.cpuCount} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.node}, DuckDB ${machine.duckdb}; commit ${git.commit?.slice(0, 12) ?? 'unknown'}`);

  // With --only, keep the other sections of the existing results (each carries its own date and commit).
  let sections: Record<string, SectionRecord> = {};
  if (args.only && existsSync(`${base}.json`)) {
    try {
      sections = (JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Results).sections ?? {};
    } catch { /* unreadable: start afresh */ }
  }

  // The results are written after every section, so that a section that fails, or a process
  // that dies, keeps the sections measured before it.
  const write = () => {
    const ordered: Record<string, SectionRecord> = {};
    for (const m of MEASUREMENTS) if (sections[m.id]) ordered[m.id] = sections[m.id]!;
    for (const [id, s] of Object.entries(sections)) if (!ordered[id]) ordered[id] = s;
    const results: Results = { mode, date: new Date().toISOString(), machine: { ...machine }, git, note: NOISE_NOTE, sections: ordered };
    writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${base}.md`, renderMarkdown(results));
  };
  let running: string | null = null;
  // A section whose promise never settles lets the event loop run dry: Node would exit 0
  // as if the run had ended. Say so and fail instead.
  process.once('beforeExit', () => {
    if (running === null) return;
    log(`   FAILED: section ${running} stopped without finishing (a promise that never settled); the results hold the sections before it`);
    process.exitCode = 1;
  });

  let failed = 0;
  for (const m of MEASUREMENTS) {
    if (args.only && !args.only.includes(m.id)) continue;
    log(`== ${m.title}`);
    const t0 = performance.now();
    const date = new Date().toISOString();
    running = m.id;
    try {
      const r = await m.run(ctx);
      sections[m.id] = { title: m.title, status: 'ok', date, commit: git.commit, durationSeconds: Math.round((performance.now() - t0) / 100) / 10, summary: r.summary, tables: r.tables ?? [], notes: r.notes ?? [], data: r.data };
      for (const c of r.summary) log(`   ${c.metric}: ${c.measured}${c.met === null ? '' : ` (target ${c.target}: ${c.met ? 'met' : 'NOT met'})`}`);
    } catch (err) {
      failed++;
      const error = err instanceof Error ? err.message : String(err);
      log(`   FAILED: ${error}`);
      if (err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      sections[m.id] = { title: m.title, status: 'failed', error, date, commit: git.commit, durationSeconds: Math.round((performance.now() - t0) / 100) / 10, summary: [], tables: [], notes: [], data: null };
    }
    write();
  }
  running = null;

  log(`wrote ${base.slice(benchDir.length - 'bench'.length)}.json and .md in ${((performance.now() - started) / 60000).toFixed(1)} min (load average now ${loadavg().map((x) => x.toFixed(2)).join(', ')})`);
  return failed ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
