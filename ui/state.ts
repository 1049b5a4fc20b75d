/**
 * The dashboard's state lives in the URL (?view=&period=&code=&reason=&page=), so a link
 * reproduces a view and the back button works. In the quarantine view ("Dữ liệu lỗi") code
 * is the unit and reason the status (open, resolved, repeated); in the data-quality view
 * ("Ô trống"), code is the unit and reason the note's code.
 */
export type View = 'overview' | 'ranking' | 'district' | 'unit' | 'sources' | 'quarantine' | 'data-notes';

export interface State {
  view: View;
  period: string;
  code: string | null;
  reason: string | null;
  page: number;
}

const VIEWS: View[] = ['overview', 'ranking', 'district', 'unit', 'sources', 'quarantine', 'data-notes'];

export function readState(search: string, defaultPeriod: string): State {
  const p = new URLSearchParams(search);
  const view = p.get('view') as View | null;
  return {
    view: view && VIEWS.includes(view) ? view : 'overview',
    period: p.get('period') ?? defaultPeriod,
    code: p.get('code'),
    reason: p.get('reason'),
    page: Math.max(1, Number(p.get('page')) || 1),
  };
}

export function stateToSearch(s: State): string {
  const p = new URLSearchParams();
  p.set('view', s.view);
  p.set('period', s.period);
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
