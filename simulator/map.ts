import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseCsv } from './csv.ts';
import { dayIso, dayNumber } from './local-time.ts';
import { hash32, unitFloat } from './prng.ts';
import type { Unit } from './registry.ts';

/**
 * The map over time as the simulator needs it: for every unit code, the spans of days on
 * which a system sends documents under that code, with the unit it is then (its level,
 * district, kind) and its volume. Read from the same config files as the service's
 * registry (map-changes.csv, map-successors.csv), without the service's checks: the
 * simulator stands in for the units' systems and uses nothing of the service.
 */
export interface CodeSpan {
  unit: Unit;
  /** first local day, inclusive (null: from the start) */
  from: string | null;
  /** last local day, inclusive (null: to this day) */
  to: string | null;
  /** documents per month relative to one unit of its level: a 2025 commune formed from three old ones sends about three times as many */
  volume: number;
  /** a system not yet updated, still sending under a code that has ended (counted for its successor, with a note) */
  late: boolean;
}

export type Timeline = ReadonlyMap<string, readonly CodeSpan[]>;

interface ChangeRow {
  date: string;
  code: string;
  change: string;
  fields: Partial<Omit<Unit, 'code'>>;
}

interface SuccessionRow {
  date: string;
  code: string;
  successor: string;
}

/** The share of the communes ended by a change (at least one) that keep sending under their old code, and for how many months at most. */
const LATE_SYSTEMS = { share: 0.03, maxMonths: 3 };

function records(text: string, required: readonly string[]): Map<string, string>[] {
  const rows = parseCsv(text).filter((r) => r.some((f) => f.trim() !== ''));
  const header = (rows.shift() ?? []).map((h) => h.trim());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`map file lacks columns: ${missing.join(', ')}`);
  return rows.map((r) => new Map(header.map((h, i) => [h, (r[i] ?? '').trim().normalize('NFC')])));
}

export function parseMapChanges(text: string): ChangeRow[] {
  return records(text, ['effective_date', 'code', 'change', 'name', 'short_name', 'level', 'kind', 'parent_code']).map((r) => {
    const fields: Partial<Omit<Unit, 'code'>> = {};
    for (const k of ['name', 'short_name', 'level', 'kind', 'parent_code'] as const) {
      const v = r.get(k) ?? '';
      if (v !== '') (fields as Record<string, string>)[k] = v;
    }
    return { date: r.get('effective_date')!, code: r.get('code')!, change: r.get('change')!, fields };
  });
}

export function parseMapSuccessors(text: string): SuccessionRow[] {
  return records(text, ['effective_date', 'code', 'successor_code']).map((r) => ({ date: r.get('effective_date')!, code: r.get('code')!, successor: r.get('successor_code')! }));
}

const dayBefore = (date: string) => dayIso(dayNumber(date) - 1);

/** The last day of the month `months` months after the one starting on `date` (a change's first day). */
function monthsLater(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return dayIso(Date.UTC(y, m - 1 + months, 1) / 86_400_000 - 1);
}

/**
 * Every code's spans, from the 2020 registry and the changes in date order (on a date: ends,
 * then changes, then starts, as the service reads them). A commune's volume carries into its
 * successors (split evenly between a split commune's parts); a district's does not (the
 * level's work is not a commune's). A few communes that end without their code going on
 * (fixed by the seed) keep sending under it for one to three months: the exports of systems
 * not yet updated.
 */
export function buildTimeline(units: readonly Unit[], changes: readonly ChangeRow[], successors: readonly SuccessionRow[], seed: number): Map<string, CodeSpan[]> {
  const spans = new Map<string, CodeSpan[]>();
  const open = new Map<string, CodeSpan>();
  for (const u of units) {
    const s: CodeSpan = { unit: u, from: null, to: null, volume: 1, late: false };
    spans.set(u.code, [s]);
    open.set(u.code, s);
  }
  const order: Record<string, number> = { ends: 0, changes: 1, starts: 2 };
  const dates = [...new Set(changes.map((c) => c.date))].sort();
  for (const date of dates) {
    const today = changes.filter((c) => c.date === date).sort((a, b) => (order[a.change] ?? 9) - (order[b.change] ?? 9));
    const ended = new Map<string, CodeSpan>();
    const touched = new Set<string>();
    const close = (code: string) => {
      const s = open.get(code);
      if (!s) throw new Error(`map change on ${date}: unit ${code} is not in force`);
      s.to = dayBefore(date);
      open.delete(code);
      return s;
    };
    const start = (code: string, unit: Unit, volume: number) => {
      const s: CodeSpan = { unit, from: date, to: null, volume, late: false };
      (spans.get(code) ?? spans.set(code, []).get(code)!).push(s);
      open.set(code, s);
      touched.add(code);
    };
    for (const c of today) {
      if (c.change === 'ends') ended.set(c.code, close(c.code));
      else if (c.change === 'changes') {
        const prev = close(c.code);
        start(c.code, { ...prev.unit, ...c.fields }, prev.volume);
      } else if (c.change === 'starts') start(c.code, { code: c.code, name: '', short_name: '', level: 'commune', kind: '', parent_code: '', ...c.fields } as Unit, 0);
      else throw new Error(`map change on ${date}: unknown change ${JSON.stringify(c.change)}`);
    }
    // volume: the successors take their ended communes' work
    const rows = successors.filter((r) => r.date === date);
    for (const [code, s] of ended) {
      if (s.unit.level !== 'commune') continue;
      const to = rows.filter((r) => r.code === code);
      for (const r of to) {
        const succ = open.get(r.successor);
        if (!succ) continue;
        if (!touched.has(r.successor)) start(r.successor, { ...close(r.successor).unit }, succ.volume);
        open.get(r.successor)!.volume += s.volume / to.length;
      }
    }
    // a few systems not yet updated: ended communes whose code does not go on
    const gone = [...ended.values()].filter((s) => s.unit.level === 'commune' && !open.has(s.unit.code));
    const late = gone
      .sort((a, b) => unitFloat(seed, 'late-system', date, a.unit.code) - unitFloat(seed, 'late-system', date, b.unit.code))
      .slice(0, Math.max(1, Math.round(gone.length * LATE_SYSTEMS.share)));
    for (const s of late) {
      const months = 1 + (hash32(seed, 'late-months', date, s.unit.code) % LATE_SYSTEMS.maxMonths);
      spans.get(s.unit.code)!.push({ unit: s.unit, from: date, to: monthsLater(date, months), volume: s.volume, late: true });
    }
  }
  for (const list of spans.values()) for (const s of list) if (s.volume === 0) s.volume = 1;
  return spans;
}

/** The timeline from the config files beside a units registry. */
export function readTimeline(units: readonly Unit[], changesFile: string, successorsFile: string, seed: number): Map<string, CodeSpan[]> {
  return buildTimeline(units, parseMapChanges(readFileSync(changesFile, 'utf8')), parseMapSuccessors(readFileSync(successorsFile, 'utf8')), seed);
}

/**
 * The timeline from map-changes.csv and map-successors.csv beside a units registry, as the
 * service reads them; none (the 2020 map throughout) when the files are not there.
 */
export function timelineBeside(unitsFile: string, units: readonly Unit[], seed: number): Map<string, CodeSpan[]> | undefined {
  const changes = join(dirname(unitsFile), 'map-changes.csv');
  const successors = join(dirname(unitsFile), 'map-successors.csv');
  return existsSync(changes) && existsSync(successors) ? readTimeline(units, changes, successors, seed) : undefined;
}

/** The span of a code in force on a local day, or undefined. */
export function spanAt(list: readonly CodeSpan[], date: string): CodeSpan | undefined {
  return list.find((s) => (s.from === null || s.from <= date) && (s.to === null || date <= s.to));
}
