import { html } from 'lit';
import type { NationalInfo, Scope } from './api.ts';
import { count } from './format.ts';
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

/** A month YYYY-MM as Vietnamese write it: 09/2020. */
export const monthWords = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;

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
  return spans.map(([a, b]) => a === b ? monthWords(a) : a.slice(0, 4) === b.slice(0, 4) ? `${a.slice(5)}–${monthWords(b)}` : `${monthWords(a)}–${monthWords(b)}`).join(', ');
}

/** The months a province has not published between its first and its last (withdrawn, or never sent). */
export function gapsOf(p: NationalInfo['provinces'][number]): string[] {
  return p.first_month && p.last_month ? monthsBetween(p.first_month, p.last_month).filter((m) => !p.months.includes(m)) : [];
}

/**
 * What a province's published registry lacks or has too many of against the roster's communes
 * from 1/7/2025 (national/coverage.ts), in words; '' when it matches. Fewer: the missing ones
 * count as units without data in the figures.
 */
export function registryWords(p: NationalInfo['provinces'][number]): string {
  const m = p.registry_mismatch;
  if (!m) return '';
  return m.registered < m.expected
    ? `danh mục đơn vị cấp xã đã công bố thiếu ${count(m.expected - m.registered)} xã, phường, đặc khu (có ${count(m.registered)}/${count(m.expected)} trong tháng ${monthWords(m.month)}); các đơn vị thiếu được tính là chưa có dữ liệu`
    : `danh mục đơn vị cấp xã đã công bố gồm ${count(m.registered)} xã, phường, đặc khu trong tháng ${monthWords(m.month)}, nhiều hơn ${count(m.expected)} theo các nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025: có thể là danh mục trước ngày 01/07/2025, đề nghị kiểm tra lại`;
}

/**
 * The provinces of a national warehouse that have not published every month of the scope
 * (its period, up to its cut-off, from the first month any province published), with the
 * months missing. Their units due those months count as units without data
 * (national/sql/macros.sql), so the figures say incomplete: this names the provinces
 * behind it.
 */
export function unpublishedMonths(national: NationalInfo, scope: Scope, firstMonth: string | null): { code: string; name: string; months: string[] }[] {
  if (firstMonth === null) return [];
  const { from, to } = periodBounds(scope.period);
  const first = `${firstMonth}-01` > from ? `${firstMonth}-01` : from;
  const last = to < scope.asOf ? to : scope.asOf;
  if (last < first) return [];
  const scoped = monthsBetween(first, last);
  return national.provinces
    .map((p) => ({ code: p.code, name: p.name, months: scoped.filter((m) => !p.months.includes(m)) }))
    .filter((p) => p.months.length > 0);
}

/**
 * A pilot over some provinces of the roster (npm run national -- --expect), said wherever
 * the figures are: the country's and the levels' figures are of those provinces only.
 */
export function pilotLine(national: NationalInfo): string | null {
  return national.expected < national.roster
    ? `Thí điểm: chỉ theo dõi ${national.expected} trong ${national.roster} tỉnh, thành phố; số liệu toàn quốc và từng cấp chỉ gồm các tỉnh, thành phố được theo dõi.`
    : null;
}

/** The pilot's note, or nothing when the whole roster is expected. */
export function pilotNote(national: NationalInfo, id: string) {
  const line = pilotLine(national);
  return line ? html`<p class="note warn" id=${id}>${line}</p>` : '';
}

/**
 * What is not published in the scope, as the note's parts: each a lead and the rest. The
 * same words on the page (unpublishedNote) and in a download (unpublishedLines).
 */
function unpublishedParts(national: NationalInfo, scope: Scope, firstMonth: string | null): { kind: 'never' | 'months'; lead: string; rest: string }[] {
  const missing = unpublishedMonths(national, scope, firstMonth);
  // the provinces expected that have published nothing: for any period (also one after the
  // cut-off: nothing of them is known) the figures count them (provinces_unpublished)
  const never = national.unpublished;
  return [
    ...(never.length ? [{ kind: 'never' as const, lead: `${never.length} tỉnh, thành phố chưa công bố số liệu:`,
      rest: `${never.map((p) => p.name).join(', ')}. Số liệu toàn quốc và từng cấp chưa gồm các tỉnh, thành phố này nên chưa đủ dữ liệu.` }] : []),
    // "nếu có": before a level's milestone no unit is due, and nothing is counted against it
    ...(missing.length ? [{ kind: 'months' as const, lead: 'Chưa có số liệu công bố:',
      rest: `${missing.map((p) => `${p.name} (tháng ${monthSpans(p.months)})`).join('; ')}. Các đơn vị phải thực hiện (nếu có) của tỉnh trong những tháng này được tính là chưa có dữ liệu.` }] : []),
  ];
}

/** The note's lines as plain text, for a download of the figures it stands beside. */
export function unpublishedLines(national: NationalInfo, scope: Scope, firstMonth: string | null): string[] {
  return unpublishedParts(national, scope, firstMonth).map((p) => `${p.lead} ${p.rest}`);
}

/** The note naming them, or nothing when every province published every month of the scope. */
export function unpublishedNote(national: NationalInfo, scope: Scope, firstMonth: string | null, id: string) {
  const parts = unpublishedParts(national, scope, firstMonth);
  if (parts.length === 0) return '';
  return html`<div class="note warn" id=${id}>
    ${parts.map((p) => html`<p class=${p.kind === 'never' ? 'never-published' : 'months-unpublished'}><strong>${p.lead}</strong> ${p.rest}</p>`)}
  </div>`;
}
