/**
 * One timed run of the reports benchmark, in a process of its own so that its peak RSS is
 * the report's: opens a warehouse built by bench/reports.ts (models already built) and
 * writes the inspection workbook with `saveInspection`, the function the CLI and the
 * monthly job use (the API route calls the same writer, `writeInspectionXlsx`). Prints one
 * line of JSON on stdout.
 *
 *   node --import tsx bench/reports-write.ts --db <file> --out <dir> --team all
 *        (--period 2020 | --from YYYY-MM-DD --to YYYY-MM-DD) --as-of YYYY-MM-DD [--now ISO] [--mode write|query]
 *        [--writer xlsx-fast|exceljs]
 *
 * --now fixes the clock ("generated at" on the cover), so two runs give the same workbook.
 * --mode query streams the work list's rows from DuckDB and discards them (the query's
 * share of the time: DuckDB, and turning its chunks into JS values), writing nothing.
 * --writer exceljs writes the same workbook with ExcelJS's public streaming API instead of
 * xlsx-fast.ts (the comparison behind the choice of writer, README, Performance).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { periodFrom } from '../analytics/period.ts';
import { loadSettings } from '../config.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';
import type { ReportDeps } from '../reports/deps.ts';
import { saveInspection } from '../reports/files.ts';
import { streamViolations, teamScope } from '../reports/inspection-data.ts';
import { parseTeam } from '../reports/team-id.ts';
import { repoRoot } from './generate.ts';
import { silentLogger } from '../log.ts';

export interface ChildResult {
  mode: 'write' | 'query';
  writer: 'xlsx-fast' | 'exceljs';
  /** the timed part: saveInspection (write) or streaming the work list (query) */
  seconds: number;
  /** work-list rows written (write) or streamed (query) */
  violations: number;
  units: number;
  path: string | null;
  bytes: number | null;
  /** peak RSS of the process before the timed part (Node, tsx, DuckDB with the warehouse open) */
  rssBeforeMiB: number;
  /** peak RSS of the whole process (VmHWM), report included */
  peakRssMiB: number;
  /** process.resourceUsage().maxRSS, the same peak as the kernel counts it for getrusage */
  maxRssMiB: number;
  /** CPU seconds of the timed part (user + system, every thread: DuckDB's and the zip's included) */
  cpuSeconds: number;
  /** the timed part on the monotonic clock (process.hrtime, µs), which V8's CPU profiles also use */
  windowMicros: [number, number];
  /** the writer's progress messages (write mode): seconds from the start of the timed part, CPU seconds (all threads) since then, RSS then, JS heap and array buffers (MiB) */
  marks: { message: string; seconds: number; cpuSeconds: number; rssMiB: number; heapMiB: number; arrayBuffersMiB: number }[];
}

/** Peak resident set size of this process so far (VmHWM), in MiB. */
export function vmHwmMiB(): number {
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.resourceUsage().maxRSS / 1024);
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      db: { type: 'string' }, out: { type: 'string' }, team: { type: 'string', default: 'all' },
      period: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'as-of': { type: 'string' }, now: { type: 'string' }, mode: { type: 'string', default: 'write' },
      writer: { type: 'string', default: 'xlsx-fast' },
    },
  });
  if (!v.db || !v.out || !v['as-of'] || (v.mode !== 'write' && v.mode !== 'query') || (v.writer !== 'xlsx-fast' && v.writer !== 'exceljs')) {
    throw new Error('usage: reports-write.ts --db F --out DIR (--period P | --from D --to D) --as-of D [--team all] [--mode write|query] [--writer xlsx-fast|exceljs]');
  }
  const writer = v.writer;
  const settings = loadSettings(join(repoRoot, 'config/settings.json'));
  const ctx = await openWarehouse({ dbPath: v.db, dataDir: dirname(v.db), unitsFile: join(repoRoot, 'config/units.csv'), settings }, silentLogger());
  try {
    const now = v.now ? new Date(v.now) : undefined;
    if (now && Number.isNaN(now.getTime())) throw new Error(`--now: ${v.now} is not an instant`);
    const deps: ReportDeps = { figures: new Figures(ctx.db, new FigureCache()), ctx, settings, ...(now ? { now: () => now } : {}) };
    const team = parseTeam(v.team);
    const scope = { period: periodFrom({ period: v.period, from: v.from, to: v.to }), asOf: v['as-of'], includeBaseline: false };
    const rssBeforeMiB = vmHwmMiB();
    const cpu0 = process.cpuUsage();
    const h0 = process.hrtime.bigint();
    const t0 = performance.now();
    let result: Pick<ChildResult, 'violations' | 'units' | 'path' | 'bytes'>;
    const marks: ChildResult['marks'] = [];
    if (v.mode === 'write') {
      const onProgress = (message: string) => {
        const m = process.memoryUsage();
        const c = process.cpuUsage(cpu0);
        marks.push({ message, seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, rssMiB: Math.round(m.rss / 2 ** 20), heapMiB: Math.round(m.heapUsed / 2 ** 20), arrayBuffersMiB: Math.round(m.arrayBuffers / 2 ** 20) });
      };
      const { path, result: r } = await saveInspection(deps, team, scope, v.out, { onProgress, writer });
      result = { violations: r.violations, units: r.units, path, bytes: null };
    } else {
      const { unitCodes } = await teamScope(deps.figures, settings, team);
      let n = 0;
      await streamViolations(ctx, unitCodes, scope, settings.provincialOffice, (rows) => { n += rows.length; });
      result = { violations: n, units: unitCodes.length, path: null, bytes: null };
    }
    const seconds = (performance.now() - t0) / 1000;
    const h1 = process.hrtime.bigint();
    const cpu = process.cpuUsage(cpu0);
    if (result.path) result.bytes = (await import('node:fs')).statSync(result.path).size;
    const out: ChildResult = {
      mode: v.mode, writer, seconds, ...result, rssBeforeMiB, peakRssMiB: vmHwmMiB(),
      maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), cpuSeconds: (cpu.user + cpu.system) / 1e6, marks,
      windowMicros: [Number(h0 / 1000n), Number(h1 / 1000n)],
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    ctx.db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
