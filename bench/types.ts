/**
 * The shape every benchmark section follows. A measurement is one module under bench/
 * that exports a Measurement; bench/run.ts lists them, runs the ones asked for, and
 * writes one section per measurement into results.json and results.md.
 */

export interface BenchContext {
  /** `--quick`: small sizes and few repetitions, for checking a change (≤ 2 minutes) */
  quick: boolean;
  /** seed of every generated input (`--seed`, default 1) */
  seed: number;
  /** options after the ones the runner knows (`--sizes 1000000 --pairs 2`), for the measurement to read */
  options: Record<string, string>;
  /** progress on stderr, with the time since the run started */
  log(message: string): void;
}

/** One headline line of a section: what was measured against its target. */
export interface Check {
  metric: string;
  /** e.g. "≥ 0.8"; "—" when the figure is context only */
  target: string;
  measured: string;
  /** null when there is no target */
  met: boolean | null;
}

export interface DetailTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface SectionResult {
  summary: Check[];
  tables?: DetailTable[];
  notes?: string[];
  /** the raw figures, for results.json */
  data: unknown;
}

export interface Measurement {
  /** short name, used by `--only` and as the key in results.json */
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<SectionResult>;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** 1234567 → "1,234,567" */
export const fmtInt = (x: number) => Math.round(x).toLocaleString('en');

/** 10000000 → "10 M", 1000000 → "1 M", 250000 → "250 k" */
export function fmtCount(x: number): string {
  if (x >= 1e6 && x % 1e5 === 0) return `${x / 1e6} M`;
  if (x >= 1e3 && x % 100 === 0) return `${x / 1e3} k`;
  return fmtInt(x);
}

export const fmtBytes = (n: number) => (n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(2)} GiB` : `${(n / (1 << 20)).toFixed(1)} MiB`);

/** Peak resident set size of this process so far, in MiB (process-wide, never goes down). */
export const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Samples this process's RSS every 100 ms while work goes on (DuckDB works on its own threads, so the event loop is free); stop() gives the highest, in MiB. */
export function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20);
    },
  };
}
