/**
 * Synthetic province for the benchmarks: a canonical CSV export (the format of the README)
 * of N documents over all units of config/units.csv, 2020–2021, fixed by a seed.
 *
 * Every row is a pure function of (seed, row index), so the incremental export can rebuild
 * any earlier document exactly and change only its completion. Rows are written in big
 * string chunks with stream backpressure: 10 M rows (≈1.4 GB) take well under a minute.
 *
 * CLI: npx tsx bench/generate.ts --rows 1000000 --out file.csv --seed 1 [--update]
 *   --update writes the 1 % incremental export that goes with a file of --rows rows.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readUnitsCsv, type Unit } from '../simulator/registry.ts';

export const CANONICAL_HEADER =
  'unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time';

/** Bump when the generated content changes, so cached files are not reused across versions. */
export const GENERATOR_VERSION = 1;

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(benchDir, '..');
export const workDir = join(benchDir, 'work');

/** Documents per unit per month by level (as the demo simulator): provincial bodies and districts are busier. */
const MONTHLY_VOLUME: Record<Unit['level'], number> = { province: 60, district: 50, commune: 8 };
const OUT_SHARE = 0.45;
const SECRET_SHARE = 0.005;
const DEADLINE_SHARE = 0.6;
const DAYS = 731; // 2020-01-01 .. 2021-12-31
const DAY0 = Date.UTC(2020, 0, 1);

const OUT_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['Công văn', 45], ['Quyết định', 15], ['Kế hoạch', 8], ['Báo cáo', 12], ['Tờ trình', 7], ['Thông báo', 7], ['Giấy mời', 6],
];
const IN_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['Công văn', 55], ['Quyết định', 12], ['Kế hoạch', 8], ['Báo cáo', 5], ['Tờ trình', 2], ['Thông báo', 9], ['Giấy mời', 9],
];
const TYPE_ABBR: Record<string, string> = {
  'Công văn': '', 'Quyết định': 'QĐ', 'Kế hoạch': 'KH', 'Báo cáo': 'BC', 'Tờ trình': 'TTr', 'Thông báo': 'TB', 'Giấy mời': 'GM',
};
const SENDERS = ['UBND', 'UBND', 'UBND', 'SNV', 'STC', 'SKHĐT', 'SYT', 'SGDĐT', 'STNMT', 'SNN&PTNT', 'VP', 'BCĐ', 'HĐND'];
const DEPTS = ['VP', 'VP', 'VP', 'TCKH', 'NV', 'TNMT', 'KT', 'VHTT', 'GDĐT'];

// ---------------------------------------------------------------------------------------
// Random numbers: a counter-based seed per row (murmur finaliser of seed and index), then
// mulberry32 steps. Module-level state keeps the hot loop free of allocations.

let state = 0;

function seedRow(seed: number, i: number, stream: number): void {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(seed + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(stream + 1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  state = h >>> 0;
}

function rnd(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

// ---------------------------------------------------------------------------------------
// Lookup tables built once: date strings, times of day, weighted pickers.

const DAY_STR: string[] = [];
const WEEKEND: boolean[] = [];
for (let d = 0; d < DAYS + 120; d++) {
  const date = new Date(DAY0 + d * 86_400_000);
  DAY_STR.push(date.toISOString().slice(0, 10));
  WEEKEND.push(date.getUTCDay() === 0 || date.getUTCDay() === 6);
}
/** "T08:30:00+07:00" for each minute of the local day. */
const HM_STR: string[] = [];
for (let m = 0; m < 1440; m++) {
  HM_STR.push(`T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+07:00`);
}
const isoMinute = (abs: number) => DAY_STR[Math.floor(abs / 1440)]! + HM_STR[abs % 1440]!;

function cumulative(items: ReadonlyArray<readonly [string, number]>): { values: string[]; cum: Float64Array } {
  const cum = new Float64Array(items.length);
  let total = 0;
  items.forEach(([, w], k) => { total += w; cum[k] = total; });
  for (let k = 0; k < cum.length; k++) cum[k]! /= total;
  return { values: items.map(([v]) => v), cum };
}

function pick(t: { values: string[]; cum: Float64Array }, r: number): number {
  let k = 0;
  while (k < t.cum.length - 1 && r >= t.cum[k]!) k++;
  return k;
}

const OUT_T = cumulative(OUT_TYPES);
const IN_T = cumulative(IN_TYPES);
const OUT_ABBR = OUT_T.values.map((v) => TYPE_ABBR[v] ?? '');
const IN_ABBR = IN_T.values.map((v) => TYPE_ABBR[v] ?? '');
/** The same names as an NFD export writes them (e.g. from macOS), for a small share of rows. */
const OUT_NFD = OUT_T.values.map((v) => v.normalize('NFD'));
const IN_NFD = IN_T.values.map((v) => v.normalize('NFD'));

interface Registry {
  codes: string[];
  /** cumulative volume share per unit, for a binary search */
  cum: Float64Array;
}

let registryCache: Registry | undefined;

/** All units of config/units.csv, weighted by level and a fixed per-unit size factor. */
export function registry(unitsFile = join(repoRoot, 'config/units.csv')): Registry {
  if (registryCache) return registryCache;
  const units = readUnitsCsv(unitsFile);
  const weights = units.map((u, k) => {
    seedRow(0x5eed, k, 99);
    const size = 0.6 + 0.8 * rnd(); // 0.6 .. 1.4
    return MONTHLY_VOLUME[u.level] * size;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const cum = new Float64Array(units.length);
  let acc = 0;
  weights.forEach((w, k) => { acc += w; cum[k] = acc / total; });
  cum[cum.length - 1] = 1;
  registryCache = { codes: units.map((u) => u.code), cum };
  return registryCache;
}

function pickUnit(reg: Registry, r: number): string {
  let lo = 0;
  let hi = reg.cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r < reg.cum[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return reg.codes[lo]!;
}

/** A working-hours minute of the day, with some early, late and evening work. */
function officeMinute(): number {
  const r = rnd();
  if (r < 0.9) return int(7 * 60 + 15, 17 * 60 + 15);
  if (r < 0.97) return int(17 * 60 + 16, 21 * 60 + 59);
  return int(5 * 60, 7 * 60 + 14);
}

/**
 * Row `i` of the export for `seed` as a CSV line. `variant` 1 gives the same document with
 * another completion (the later export that updates it); it returns null for a document
 * that has no completion to change (outgoing ones). `onDay` (a day index from 2020-01-01,
 * at most DAYS + 30) puts the document on that business day instead of its random one; the
 * rest of the row is drawn as usual.
 */
export function documentRow(reg: Registry, seed: number, i: number, variant = 0, onDay?: number): string | null {
  seedRow(seed, i, 0);
  const unit = pickUnit(reg, rnd());
  // Days: working days mostly; a weekend day is moved to the next Monday 85 % of the time.
  let day = Math.floor(rnd() * DAYS);
  if (WEEKEND[day] && rnd() < 0.85) day += WEEKEND[day + 1] ? 1 : 2;
  if (day >= DAYS) day -= 3;
  if (onDay !== undefined) day = onDay;
  const event = day * 1440 + officeMinute();
  const out = rnd() < OUT_SHARE;
  if (variant === 1 && out) return null;
  const progress = Math.min(1, Math.max(0, (day - 140) / 420)); // adoption climbs from the May 2020 milestone
  const secret = rnd() < SECRET_SHARE;
  const rs = rnd();
  const security = !secret ? 'normal' : rs < 0.8 ? 'secret' : rs < 0.95 ? 'top_secret' : 'absolute_secret';
  const types = out ? OUT_T : IN_T;
  const typeIndex = pick(types, rnd());
  const docType = rnd() < 0.01 ? (out ? OUT_NFD : IN_NFD)[typeIndex]! : types.values[typeIndex]!;
  const abbr = (out ? OUT_ABBR : IN_ABBR)[typeIndex]!;

  let channel: string;
  let signed: string;
  const rc = rnd();
  const rg = rnd();
  if (secret) {
    channel = rc < 0.92 ? 'paper' : 'both';
    signed = 'false';
  } else {
    const pElectronic = out ? 0.35 + 0.6 * progress : 0.55 + 0.43 * progress;
    const electronic = rc < pElectronic;
    channel = electronic ? (rc < pElectronic * (out ? 0.1 : 0.05) ? 'both' : 'electronic') : 'paper';
    signed = electronic && rg < (out ? 0.45 + 0.5 * progress : 0.8) ? 'true' : 'false';
  }

  const seq = int(1, 2999);
  let number: string;
  let docDate: number;
  if (out) {
    const dept = DEPTS[int(0, DEPTS.length - 1)]!;
    number = abbr ? `${seq}/${abbr}-UBND` : `${seq}/UBND-${dept}`;
    const r = rnd();
    docDate = day - (r < 0.7 ? 0 : r < 0.9 ? 1 : int(2, 3));
  } else {
    const sender = SENDERS[int(0, SENDERS.length - 1)]!;
    number = abbr ? `${seq}/${abbr}-${sender}` : `${seq}/${sender}-${DEPTS[int(0, DEPTS.length - 1)]!}`;
    docDate = day - (rnd() < 0.35 ? 0 : int(1, 6));
    // a few registers write a note into the number: a quoted field with a comma
    if (rnd() < 0.002) number = `"${number}, bản sao"`;
  }
  if (docDate < 0) docDate = 0;

  let deadline = '';
  let completed = '';
  if (!out) {
    const hasDeadline = rnd() < DEADLINE_SHARE;
    const deadlineDay = day + int(3, 15);
    if (hasDeadline) deadline = DAY_STR[deadlineDay]!;
    const done = rnd() < 0.93;
    // on time mostly, late sometimes: up to the deadline plus an exponential tail
    const span = hasDeadline ? deadlineDay - day : 5;
    const late = rnd() < 0.15 ? Math.floor(-Math.log(1 - rnd()) * 5) + 1 : 0;
    let doneAt = (day + Math.floor((span + 1) * rnd() ** 1.5) + late) * 1440 + officeMinute();
    if (doneAt <= event) doneAt = event + int(20, 180);
    if (variant === 1) doneAt = done ? doneAt + 1440 + 125 : event + 1440 + int(0, 600);
    if (done || variant === 1) completed = isoMinute(doneAt);
  }
  // incoming documents sometimes lack channel and signed (both optional for them)
  if (!out && rg > 0.97) {
    channel = '';
    signed = '';
  }
  const year = DAY_STR[day]!.slice(0, 4);
  return `${unit},${unit}-${year}-${String(i + 1).padStart(8, '0')},${out ? 'out' : 'in'},${number},${docType},${DAY_STR[docDate]!},${isoMinute(event)},${security},${channel},${signed},${deadline},${completed}\n`;
}

/**
 * Streams a CSV of `count` lines, line k being `line(k)`. Lines are encoded straight into
 * 8 MB buffers (far cheaper than concatenating strings), each written with backpressure.
 */
async function writeLines(path: string, count: number, line: (k: number) => string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.partial-${process.pid}`;
  const stream = createWriteStream(tmp);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  try {
    let k = 0;
    let first = true;
    while (first || k < count) {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      let off = first ? buf.write(`${CANONICAL_HEADER}\n`) : 0;
      first = false;
      // a line is a few hundred bytes at most: stop well before the end of the buffer
      while (k < count && off < CHUNK_BYTES - 65_536) off += buf.write(line(k++), off);
      if (!stream.write(buf.subarray(0, off))) await Promise.race([once(stream, 'drain'), failed]);
    }
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
    renameSync(tmp, path);
  } catch (err) {
    stream.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
}

const CHUNK_BYTES = 1 << 23;

/** Writes the full export: rows 0 .. rows-1. */
export async function writeExport(path: string, rows: number, seed: number): Promise<void> {
  const reg = registry();
  await writeLines(path, rows, (i) => documentRow(reg, seed, i)!);
}

export interface UpdatePlan {
  rows: number;
  updated: number;
  added: number;
}

/** The incremental export's composition for a full export of `baseRows`: 1 % of its size, half updates, half new. */
export function updatePlan(baseRows: number, share = 0.01): UpdatePlan {
  const rows = Math.max(2, Math.round(baseRows * share));
  const updated = Math.floor(rows / 2);
  return { rows, updated, added: rows - updated };
}

/**
 * The later export that goes with a full export of `baseRows` rows: `updated` incoming
 * documents spread over the file again with another completed_time (the rest unchanged),
 * then `added` documents the full export did not have.
 */
export async function writeUpdateExport(path: string, baseRows: number, seed: number): Promise<UpdatePlan> {
  const reg = registry();
  const plan = updatePlan(baseRows);
  const lines: string[] = [];
  const stride = baseRows / plan.updated;
  let next = 0;
  for (let k = 0; k < plan.updated; k++) {
    // the k-th slot's first incoming document (outgoing ones have no completion to change)
    let i = Math.max(next, Math.floor(k * stride));
    let line: string | null = null;
    while (line === null && i < baseRows) line = documentRow(reg, seed, i++, 1);
    if (line === null) throw new Error(`no incoming document left to update after row ${next}`);
    next = i;
    lines.push(line);
  }
  for (let k = 0; k < plan.added; k++) lines.push(documentRow(reg, seed, baseRows + k)!);
  await writeLines(path, lines.length, (k) => lines[k]!);
  return plan;
}

/** The day after the generated period's last working day, and the ones after it: 2022-01-03 (Monday), 2022-01-04, … */
export const NEXT_DAYS = [733, 734, 735, 736, 737] as const;

export interface DayPlan {
  rows: number;
  /** new documents, all on the day */
  added: number;
  /** earlier incoming documents of the full export, completed again (another completed_time) */
  updated: number;
  /** the day, YYYY-MM-DD */
  date: string;
}

/** One more business day for a full export of `baseRows`: the average day's volume of new documents, and half as many updates. */
export function dayPlan(baseRows: number, k: number): DayPlan {
  if (!Number.isInteger(k) || k < 0 || k >= NEXT_DAYS.length) throw new Error(`day ${k} is not one of the ${NEXT_DAYS.length} prepared days`);
  const added = Math.max(1, Math.round(baseRows / DAYS));
  const updated = Math.max(1, Math.floor(added / 2));
  return { rows: added + updated, added, updated, date: DAY_STR[NEXT_DAYS[k]!]! };
}

/**
 * The export of one more business day (the k-th after the period) that goes with a full
 * export of `baseRows` rows: `added` new documents dated on that day (row indexes after the
 * full export's and after the earlier days'), then `updated` incoming documents of the full
 * export, spread over it (a different set each day), with another completion.
 */
export async function writeDayExport(path: string, baseRows: number, seed: number, k: number): Promise<DayPlan> {
  const reg = registry();
  const plan = dayPlan(baseRows, k);
  const lines: string[] = [];
  const first = baseRows + updatePlan(baseRows).added + k * plan.added; // after the 1 % update export's new rows too
  for (let j = 0; j < plan.added; j++) lines.push(documentRow(reg, seed, first + j, 0, NEXT_DAYS[k])!);
  const stride = baseRows / plan.updated;
  const offset = Math.floor((stride * (k + 1)) / (NEXT_DAYS.length + 1));
  let next = 0;
  for (let u = 0; u < plan.updated; u++) {
    let i = Math.max(next, Math.floor(u * stride) + offset);
    let line: string | null = null;
    while (line === null && i < baseRows) line = documentRow(reg, seed, i++, 1);
    if (line === null) break;
    next = i;
    lines.push(line);
  }
  if (lines.length !== plan.rows) throw new Error(`day ${k}: found ${lines.length - plan.added} of ${plan.updated} incoming documents to update`);
  await writeLines(path, lines.length, (j) => lines[j]!);
  return plan;
}

export interface BenchExport {
  path: string;
  rows: number;
  seed: number;
  bytes: number;
  /** seconds spent generating it now; 0 when the cached file was used */
  generatedSeconds: number;
}

/** The full export of `rows` rows for `seed`, generated once into bench/work/ and reused. */
export async function cachedExport(rows: number, seed: number): Promise<BenchExport> {
  const path = join(workDir, `export-v${GENERATOR_VERSION}-r${rows}-s${seed}.csv`);
  return cached(path, rows, seed, () => writeExport(path, rows, seed));
}

/** The incremental export that goes with cachedExport(rows, seed). */
export async function cachedUpdateExport(baseRows: number, seed: number): Promise<BenchExport & { plan: UpdatePlan }> {
  const path = join(workDir, `update-v${GENERATOR_VERSION}-r${baseRows}-s${seed}.csv`);
  const plan = updatePlan(baseRows);
  const e = await cached(path, plan.rows, seed, async () => { await writeUpdateExport(path, baseRows, seed); });
  return { ...e, plan };
}

/** The k-th extra day's export (writeDayExport) that goes with cachedExport(rows, seed). */
export async function cachedDayExport(baseRows: number, seed: number, k: number): Promise<BenchExport & { plan: DayPlan }> {
  const path = join(workDir, `day${k + 1}-v${GENERATOR_VERSION}-r${baseRows}-s${seed}.csv`);
  const plan = dayPlan(baseRows, k);
  const e = await cached(path, plan.rows, seed, async () => { await writeDayExport(path, baseRows, seed, k); });
  return { ...e, plan };
}

async function cached(path: string, rows: number, seed: number, write: () => Promise<void>): Promise<BenchExport> {
  let generatedSeconds = 0;
  if (!existsSync(path)) {
    const t0 = performance.now();
    await write();
    generatedSeconds = (performance.now() - t0) / 1000;
  }
  return { path, rows, seed, bytes: statSync(path).size, generatedSeconds };
}

// ---------------------------------------------------------------------------------------

function parseArgs(argv: string[]): { rows: number; out: string; seed: number; update: boolean } {
  const get = (name: string) => {
    const k = argv.indexOf(name);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const rows = Number(get('--rows') ?? '1000000');
  const seed = Number(get('--seed') ?? '1');
  const out = get('--out');
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  if (!out) throw new Error('usage: npx tsx bench/generate.ts --rows N --out FILE.csv [--seed S] [--update]');
  return { rows, out: resolve(out), seed, update: argv.includes('--update') };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const t0 = performance.now();
    if (args.update) {
      const plan = await writeUpdateExport(args.out, args.rows, args.seed);
      console.log(`wrote ${args.out}: ${plan.rows} rows (${plan.updated} updates, ${plan.added} new) for a ${args.rows}-row export, seed ${args.seed}`);
    } else {
      await writeExport(args.out, args.rows, args.seed);
      console.log(`wrote ${args.out}: ${args.rows} rows, seed ${args.seed}`);
    }
    const s = (performance.now() - t0) / 1000;
    console.log(`${(statSync(args.out).size / 1e6).toFixed(1)} MB in ${s.toFixed(1)} s`);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
