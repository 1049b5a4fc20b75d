/**
 * The dashboard's state lives in the URL (?view=&period=&as_of=&code=&reason=&page=), so a link
 * reproduces a view and the back button works. In the quarantine view ("Dữ liệu lỗi") code
 * is the unit and reason the status (open, resolved, repeated); in the data-quality view
 * ("Ô trống"), code is the unit and reason the note's code; in the team view code is the
 * team. `mine` is a unit account's own unit. as_of ("Số liệu đến ngày") is null for the
 * default (defaultAsOf), a day when chosen.
 */
export type View = 'overview' | 'ranking' | 'map' | 'district' | 'unit' | 'sources' | 'quarantine' | 'data-notes' | 'mine' | 'team' | 'alert-rules' | 'outbox' | 'subscriptions';

export interface State {
  view: View;
  period: string;
  asOf: string | null;
  code: string | null;
  reason: string | null;
  page: number;
}

const VIEWS: View[] = ['overview', 'ranking', 'map', 'district', 'unit', 'sources', 'quarantine', 'data-notes', 'mine', 'team', 'alert-rules', 'outbox', 'subscriptions'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readState(search: string, defaultPeriod: string, homeView: View = 'overview'): State {
  const p = new URLSearchParams(search);
  const view = p.get('view') as View | null;
  const asOf = p.get('as_of');
  return {
    view: view && VIEWS.includes(view) ? view : homeView,
    period: p.get('period') ?? defaultPeriod,
    asOf: asOf && DAY.test(asOf) ? asOf : null,
    code: p.get('code'),
    reason: p.get('reason'),
    page: Math.max(1, Number(p.get('page')) || 1),
  };
}

export function stateToSearch(s: State): string {
  const p = new URLSearchParams();
  p.set('view', s.view);
  p.set('period', s.period);
  if (s.asOf) p.set('as_of', s.asOf);
  if (s.code) p.set('code', s.code);
  if (s.reason) p.set('reason', s.reason);
  if (s.page > 1) p.set('page', String(s.page));
  return `?${p.toString()}`;
}

/** Periods of a kind that end on or before the last month with data, newest first. */
export function periodsOfKind(kind: string, lastMonth: string, firstMonth: string): string[] {
  const [ly, lm] = lastMonth.split('-').map(Number) as [number, number];
  const [fy] = firstMonth.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let y = ly; y >= fy; y--) {
    if (kind === 'month') for (let m = y === ly ? lm : 12; m >= 1; m--) out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (kind === 'quarter') for (let q = y === ly ? Math.ceil(lm / 3) : 4; q >= 1; q--) out.push(`${y}-Q${q}`);
    if (kind === 'nine_months' && (y < ly || lm >= 9)) out.push(`${y}-9M`);
    if (kind === 'half' && (y < ly || lm >= 6)) out.push(`${y}-6M`);
    if (kind === 'year') out.push(`${y}`);
  }
  return out;
}

export function kindOf(period: string): string {
  if (/^\d{4}-\d{2}$/.test(period)) return 'month';
  if (/-Q\d$/.test(period)) return 'quarter';
  if (/-6M$/.test(period)) return 'half';
  if (/-9M$/.test(period)) return 'nine_months';
  return 'year';
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The first and last day of a period label (2020-10, 2020-Q4, 2020-6M, 2020-9M, 2020). */
export function periodBounds(period: string): { from: string; to: string } {
  const y = Number(period.slice(0, 4));
  let m: RegExpExecArray | null;
  let first = 1, last = 12;
  if ((m = /^\d{4}-(\d{2})$/.exec(period))) first = last = Number(m[1]);
  else if ((m = /-Q([1-4])$/.exec(period))) { last = Number(m[1]) * 3; first = last - 2; }
  else if (/-6M$/.test(period)) last = 6;
  else if (/-9M$/.test(period)) last = 9;
  return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(last)}-${pad(lastDay(y, last))}` };
}

/** Today in Vietnam (UTC+7, no daylight saving), YYYY-MM-DD. */
export function todayInVietnam(now = Date.now()): string {
  return new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The default cut-off ("Số liệu đến ngày"): the end of the period or today, whichever is
 * earlier, or the day the data is fresh through (the slowest source's last delivery) if
 * that is earlier still — a figure never counts as late what was simply not loaded yet.
 */
export function defaultAsOf(period: string, today: string, freshThrough: string | null): string {
  const candidates = [periodBounds(period).to, today, ...(freshThrough ? [freshThrough] : [])].sort();
  return candidates[0]!;
}

/**
 * The period a visit opens on: the last month with data, or, when the data is fresh only
 * through an earlier day (a source, or a province of a national warehouse, behind), the
 * month of that day (never before the first month): the default cut-off is that day
 * (defaultAsOf), and a period wholly after its cut-off has nothing counted in it.
 */
export function defaultPeriod(firstMonth: string, lastMonth: string, freshThrough: string | null): string {
  if (!freshThrough || freshThrough >= `${lastMonth}-01`) return lastMonth;
  const month = freshThrough.slice(0, 7);
  return month < firstMonth ? firstMonth : month;
}

/** Whole days from one day to another (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
