import { badRequest } from '../errors.ts';
import { addDays, businessDate, daysInMonth } from '../time.ts';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'nine_months' | 'year' | 'range';

/** A reporting period: business dates from..to, both inclusive (Asia/Ho_Chi_Minh). */
export interface Period {
  kind: PeriodKind;
  /** as written in the API: 2020-10, 2020-Q4, 2020-6M, 2020-9M, 2020, or from..to */
  label: string;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = daysInMonth;

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const inRange = (y: number) => y >= MIN_YEAR && y <= MAX_YEAR;

/** Parses 2020-10 (month), 2020-Q4 (quarter), 2020-6M (Jan–Jun), 2020-9M (Jan–Sep), 2020 (year), years 2000–2100. */
export function parsePeriod(text: string): Period {
  return periodOf(text, (y) => {
    if (!inRange(y)) throw badRequest('invalid_period', `Period "${text}": the year must be between ${MIN_YEAR} and ${MAX_YEAR}.`, { parameter: 'period' });
  });
}

/**
 * The parser itself; `checkYear` decides which years a caller may ask for. The periods the
 * service works out itself (the one before 2000 is 1999) need no such check.
 */
function periodOf(text: string, checkYear: (y: number) => void): Period {
  const s = text.trim().toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) {
    const y = Number(m[1]), mo = Number(m[2]);
    checkYear(y);
    if (mo < 1 || mo > 12) throw badRequest('invalid_period', `Period "${text}": there is no month ${m[2]}.`);
    return { kind: 'month', label: `${y}-${pad(mo)}`, from: ymd(y, mo, 1), to: ymd(y, mo, lastDay(y, mo)) };
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(s))) {
    const y = Number(m[1]), q = Number(m[2]);
    checkYear(y);
    const last = q * 3;
    return { kind: 'quarter', label: `${y}-Q${q}`, from: ymd(y, last - 2, 1), to: ymd(y, last, lastDay(y, last)) };
  }
  if ((m = /^(\d{4})-([69])M$/.exec(s))) {
    const y = Number(m[1]), n = Number(m[2]);
    checkYear(y);
    return { kind: n === 6 ? 'half' : 'nine_months', label: `${y}-${n}M`, from: ymd(y, 1, 1), to: ymd(y, n, lastDay(y, n)) };
  }
  if ((m = /^(\d{4})$/.exec(s))) {
    const y = Number(m[1]);
    checkYear(y);
    return { kind: 'year', label: `${y}`, from: ymd(y, 1, 1), to: ymd(y, 12, 31) };
  }
  throw badRequest('invalid_period', `Period "${text}" is not one of the forms 2020-10 (month), 2020-Q4 (quarter), 2020-6M, 2020-9M, 2020 (year); or give from=YYYY-MM-DD&to=YYYY-MM-DD.`);
}

/** A date YYYY-MM-DD that exists on the calendar, years 2000–2100; `name` is the parameter it came in. */
export function parseDate(text: string, name: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const wrong = (why: string) => badRequest('invalid_date', `${name} "${text}" ${why}.`, { parameter: name });
  if (!m) throw wrong('is not a date YYYY-MM-DD');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > lastDay(y, mo)) throw wrong('is not a date on the calendar');
  if (!inRange(y)) throw wrong(`is out of range: the year must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  return ymd(y, mo, d);
}

export function rangePeriod(fromText: string, toText: string): Period {
  const from = parseDate(fromText, 'from');
  const to = parseDate(toText, 'to');
  if (from > to) throw badRequest('invalid_period', `from (${from}) is after to (${to}).`);
  return { kind: 'range', label: `${from}..${to}`, from, to };
}

/** A period from the request: `period=`, or `from=`&`to=`. */
export function periodFrom(q: { period?: string | undefined; from?: string | undefined; to?: string | undefined }): Period {
  if (q.period !== undefined && (q.from !== undefined || q.to !== undefined)) {
    throw badRequest('invalid_period', 'Give either period= or from= and to=, not both.');
  }
  if (q.period !== undefined) return parsePeriod(q.period);
  if (q.from !== undefined && q.to !== undefined) return rangePeriod(q.from, q.to);
  throw badRequest('missing_period', 'A period is required: period=2020-10 (or 2020-Q4, 2020-6M, 2020-9M, 2020), or from=YYYY-MM-DD&to=YYYY-MM-DD.');
}

/**
 * The previous period of the same kind: the month, quarter or year before; for 6M and 9M
 * the same months of the year before; for a range, as many days ending the day before.
 */
export function previousPeriod(p: Period): Period {
  const y = Number(p.from.slice(0, 4));
  const mo = Number(p.from.slice(5, 7));
  // the period before 2000 is 1999: worked out here, not asked for
  const unchecked = (text: string) => periodOf(text, () => undefined);
  switch (p.kind) {
    case 'month':
      return unchecked(mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`);
    case 'quarter': {
      const q = Math.ceil(mo / 3);
      return unchecked(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`);
    }
    case 'half':
      return unchecked(`${y - 1}-6M`);
    case 'nine_months':
      return unchecked(`${y - 1}-9M`);
    case 'year':
      return unchecked(`${y - 1}`);
    case 'range': {
      const days = Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1;
      const to = addDays(p.from, -1);
      return { kind: 'range', label: `${addDays(to, 1 - days)}..${to}`, from: addDays(to, 1 - days), to };
    }
  }
}

/** Today's business date (Asia/Ho_Chi_Minh, time.ts). */
export function todayInVietnam(now = new Date()): string {
  return businessDate(now);
}

/** Months YYYY-MM from..to inclusive. */
export function parseMonth(text: string, name: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw badRequest('invalid_month', `${name} "${text}" is not a month YYYY-MM.`, { parameter: name });
  if (!inRange(Number(m[1]))) throw badRequest('invalid_month', `${name} "${text}" is out of range: the year must be between ${MIN_YEAR} and ${MAX_YEAR}.`, { parameter: name });
  return `${m[1]}-${m[2]}`;
}
