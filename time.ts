/**
 * Business time: the one place that turns instants into Vietnam's dates and clock times and
 * back, for the server, the reports, the simulator and the dashboard (which imports this file
 * through vite; so it imports nothing).
 *
 * Instants are UTC (TIMESTAMPTZ in the warehouse, ISO 8601 with Z in the API). A business
 * date is the date on the calendar in Asia/Ho_Chi_Minh, YYYY-MM-DD. The zone's offset comes
 * from Intl (the IANA database of Node's ICU or the browser's), never from a constant; it is
 * looked up once per UTC day and kept, because the simulator and the workbooks convert
 * hundreds of thousands of instants and Intl costs microseconds a call. The warehouse's SQL
 * computes the same dates with DuckDB's ICU; time.test.ts checks that the two agree.
 *
 * Not configurable: the business dates are stored in the warehouse (documents, frozen
 * reports) and the dashboard runs in the browser without the server's settings, so another
 * zone would give one document two dates.
 */

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** An instant: a Date, epoch milliseconds, or ISO 8601 text with Z or an offset. */
export type Instant = Date | number | string;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const pad = (n: number) => String(n).padStart(2, '0');

const clock = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE, hourCycle: 'h23',
  year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
});

/** The zone's offset from UTC at an instant (ms, east positive), asked of Intl. */
function offsetFromIntl(ms: number): number {
  const p: Record<string, number> = {};
  for (const { type, value } of clock.formatToParts(ms)) p[type] = Number(value);
  const wall = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** UTC day number → the offset all that day, or null for a day when the offset changed. */
const offsetOfDay = new Map<number, number | null>();

/** The offset from UTC of Asia/Ho_Chi_Minh at an instant, in ms (+07:00 → 25,200,000). */
export function offsetAt(instant: Instant): number {
  const ms = toMs(instant);
  const day = Math.floor(ms / DAY_MS);
  let offset = offsetOfDay.get(day);
  if (offset === undefined) {
    const first = offsetFromIntl(day * DAY_MS);
    offset = first === offsetFromIntl(day * DAY_MS + DAY_MS - 1000) ? first : null;
    offsetOfDay.set(day, offset);
  }
  return offset ?? offsetFromIntl(ms);
}

/** Epoch ms of an instant; throws a RangeError for text that is not one. */
export function toMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return ms;
}

/**
 * The local wall clock at an instant, as a Date whose UTC fields read as that clock
 * (an Excel cell has no time zone: it holds this).
 */
export function wallClock(instant: Instant): Date {
  const ms = toMs(instant);
  return new Date(ms + offsetAt(ms));
}

/** The local date and time of an instant: 'YYYY-MM-DDTHH:mm:ss' (no offset). */
export function localIso(instant: Instant): string {
  return wallClock(instant).toISOString().slice(0, 19);
}

/** The instant as local time with its offset: 'YYYY-MM-DDTHH:mm:ss+07:00'. */
export function localIsoWithOffset(instant: Instant): string {
  const ms = toMs(instant);
  const offset = offsetAt(ms);
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${new Date(ms + offset).toISOString().slice(0, 19)}${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The business date of an instant: its date in Vietnam, 'YYYY-MM-DD'. */
export function businessDate(instant: Instant): string {
  return wallClock(instant).toISOString().slice(0, 10);
}

/** Today's business date. */
export function today(now: Instant = Date.now()): string {
  return businessDate(now);
}

/**
 * The instant at which the clocks in Vietnam read `wallMs` (epoch ms of that wall-clock time
 * read as UTC). Minutes past midnight may run over into the next day.
 */
export function fromWallClock(wallMs: number): number {
  const guess = wallMs - offsetAt(wallMs);
  return wallMs - offsetAt(guess);
}

/** The instant of a local date and clock time: localInstant('2020-10-01') is 2020-09-30T17:00:00Z. */
export function localInstant(date: string, time = '00:00'): Date {
  const d = DATE.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t) throw new RangeError(`not a local date and time: ${date} ${time}`);
  return new Date(fromWallClock(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0))));
}

/** The number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A calendar date plus (or minus) whole days: addDays('2020-02-28', 2) is '2020-03-01'. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A month 'YYYY-MM': its first and last business dates, and the instants it starts and
 * ends at (local midnight of its first day; local midnight of the next month's, exclusive).
 */
export function monthBounds(month: string): { first: string; last: string; start: Date; end: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`not a month YYYY-MM: ${month}`);
  const y = Number(m[1]), mo = Number(m[2]);
  const first = `${m[1]}-${m[2]}-01`;
  const last = `${m[1]}-${m[2]}-${pad(daysInMonth(y, mo))}`;
  return { first, last, start: localInstant(first), end: localInstant(addDays(last, 1)) };
}

/** The month 'YYYY-MM' an instant falls in, in Vietnam. */
export function monthOf(instant: Instant): string {
  return businessDate(instant).slice(0, 7);
}

/** A date as Vietnamese documents write it: '2020-05-22' → '22/05/2020' (a date-time's date part). */
export function formatDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** An instant as local date and time: '22/05/2020 08:30'. */
export function formatDateTime(instant: Instant): string {
  const local = localIso(instant);
  return `${formatDate(local)} ${local.slice(11, 16)}`;
}

/** An instant's local clock time: '08:30'. */
export function formatTime(instant: Instant): string {
  return localIso(instant).slice(11, 16);
}
