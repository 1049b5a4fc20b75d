import { html } from 'lit';
import type { NationalInfo, Scope } from './api.ts';
import { periodBounds } from './state.ts';

/** The months YYYY-MM from the month of `from` to the month of `to`, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4)), endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) { m = 1; y++; }
  }
  return out;
}

/**
 * Months as Vietnamese spans, consecutive months joined: "09/2020", "11–12/2020",
 * "12/2020–02/2021".
 */
export function monthSpans(months: string[]): string {
  const sorted = [...months].sort();
  const spans: [string, string][] = [];
  for (const m of sorted) {
    const last = spans.at(-1);
    if (last && monthsBetween(last[1], m).length === 2) last[1] = m;
    else spans.push([m, m]);
  }
  const words = (m: string) => `${m.slice(5)}/${m.slice(0, 4)}`;
  return spans.map(([a, b]) => a === b ? words(a) : a.slice(0, 4) === b.slice(0, 4) ? `${a.slice(5)}–${words(b)}` : `${words(a)}–${words(b)}`).join(', ');
}

/**
 * The provinces of a national warehouse that have not published every month of the scope
 * (its period, up to its cut-off), with the months missing. Their units due those months
 * count as units without data (national/sql/macros.sql), so the figures say incomplete:
 * this names the provinces behind it.
 */
export function unpublishedMonths(national: NationalInfo, scope: Scope): { code: string; name: string; months: string[] }[] {
  const { from, to } = periodBounds(scope.period);
  const last = to < scope.asOf ? to : scope.asOf;
  if (last < from) return [];
  const scoped = monthsBetween(from, last);
  return national.provinces
    .map((p) => ({ code: p.code, name: p.name, months: scoped.filter((m) => !p.months.includes(m)) }))
    .filter((p) => p.months.length > 0);
}

/** The note naming them, or nothing when every province published every month of the scope. */
export function unpublishedNote(national: NationalInfo, scope: Scope, id: string) {
  const missing = unpublishedMonths(national, scope);
  if (missing.length === 0) return '';
  return html`<p class="note warn" id=${id}><strong>Chưa có số liệu công bố:</strong>
    ${missing.map((p, i) => html`${i ? '; ' : ''}${p.name} (tháng ${monthSpans(p.months)})`)}.
    Các đơn vị phải thực hiện của tỉnh trong những tháng này được tính là chưa có dữ liệu, nên số liệu chưa đủ.</p>`;
}
