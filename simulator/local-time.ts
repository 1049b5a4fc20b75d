/**
 * Day-number helpers for the simulator over Vietnam local time (time.ts, which keeps the
 * zone's offset per day, so 170k records cost no more than plain offset arithmetic).
 * Days are counted as integers since 1970-01-01 ("day numbers") to keep loops cheap.
 */
import { formatDateTime, fromWallClock, localIsoWithOffset, offsetAt } from '../time.ts';

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → day number; throws on an impossible date. */
export function dayNumber(isoDate: string): number {
  const m = DATE_RE.exec(isoDate);
  if (!m) throw new Error(`expected a date YYYY-MM-DD, got ${JSON.stringify(isoDate)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw new Error(`impossible date ${isoDate}`);
  return ms / DAY_MS;
}

const dayIsoCache = new Map<number, string>();

/** day number → 'YYYY-MM-DD' (cached: the same few hundred days are formatted over and over). */
export function dayIso(day: number): string {
  let s = dayIsoCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayIsoCache.set(day, s);
  }
  return s;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

export function nextWorkday(day: number): number {
  while (isWeekend(day)) day++;
  return day;
}

export function prevWorkday(day: number): number {
  while (isWeekend(day)) day--;
  return day;
}

/** Local wall-clock (day, minute of day; minute may exceed 1440 to spill into the next day) → epoch ms. */
export function localToMs(day: number, minuteOfDay: number): number {
  return fromWallClock(day * DAY_MS + minuteOfDay * MINUTE_MS);
}

/** The local (Vietnam) day number of an instant. */
export function localDayOf(ms: number): number {
  return Math.floor((ms + offsetAt(ms)) / DAY_MS);
}

/** Canonical instant text: 'YYYY-MM-DDTHH:MM:SSZ' (no milliseconds, so strings sort like times). */
export function instantIso(ms: number): string {
  // Hand-rolled: toISOString dominated generation time at 170k documents × 2 instants.
  const day = Math.floor(ms / DAY_MS);
  const secs = Math.floor((ms - day * DAY_MS) / 1000);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return `${dayIso(day)}T${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}Z`;
}

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Parses an ISO instant (date-time with Z or an offset, or a bare date taken as UTC
 * midnight) to epoch ms floored to the second; null when unparseable. A date-time
 * without a zone is refused: it would silently mean the server's local time.
 */
export function parseInstant(text: string): number | null {
  const m = INSTANT_RE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return null;
  const ms = Date.parse(m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : text.trim().replace(' ', 'T'));
  if (Number.isNaN(ms)) return null;
  return Math.floor(ms / 1000) * 1000;
}

/** Normalises any accepted instant to the canonical 'YYYY-MM-DDTHH:MM:SSZ'; throws if invalid. */
export function normalizeInstant(text: string): string {
  const ms = parseInstant(text);
  if (ms === null) throw new Error(`expected an ISO instant with Z or an offset, got ${JSON.stringify(text)}`);
  return instantIso(ms);
}

/** Canonical 'YYYY-MM-DDTHH:MM:SSZ' → local 'YYYY-MM-DDTHH:MM:SS+07:00'. */
export function toLocalOffsetIso(isoZ: string): string {
  return localIsoWithOffset(isoZ);
}

/** Canonical instant → local 'dd/mm/yyyy HH:mm' (the iOffice grid format). */
export function toLocalDmyHm(isoZ: string): string {
  return formatDateTime(isoZ);
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'. */
export function dateToDmy(isoDate: string): string {
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
}
