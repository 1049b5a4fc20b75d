import type { IncompleteRule, Scorecard } from '../config.ts';
import { badRequest } from '../errors.ts';
import type { Scope } from './figures.ts';
import { parseDate, parseMonth, periodFrom, todayInVietnam } from './period.ts';
import type { RankingRow } from './schemas.ts';

// What the figure routes of a province (analytics/routes.ts), of the national warehouse
// (national/routes.ts) and the exports (reports/routes.ts) read from a request and answer
// alike: one definition, so the two warehouses' APIs cannot drift apart.

/** `as_of=` as a date, or today in Vietnam. */
export function asOfOf(asOf: string | undefined, now: () => Date): string {
  return asOf ? parseDate(asOf, 'as_of') : todayInVietnam(now());
}

/** The scope of a figures request: its period (period=, or from= and to=), as_of and include_baseline (default false). */
export function scopeOf(q: { period?: string | undefined; from?: string | undefined; to?: string | undefined; as_of?: string | undefined; include_baseline?: boolean | undefined }, now: () => Date): Scope {
  return { period: periodFrom(q), asOf: asOfOf(q.as_of, now), includeBaseline: q.include_baseline ?? false };
}

/** The scope as the responses state it. */
export const scopeJson = (s: Scope) => ({ period: s.period.label, from: s.period.from, to: s.period.to, as_of: s.asOf, include_baseline: s.includeBaseline });

/** A trend's months from= and to= (YYYY-MM), in order and at most 20 years apart. */
export function trendMonths(q: { from: string; to: string }): { from: string; to: string } {
  const from = parseMonth(q.from, 'from');
  const to = parseMonth(q.to, 'to');
  if (from > to) throw badRequest('invalid_period', `from (${from}) is after to (${to}).`);
  if ((Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) > 240) {
    throw badRequest('invalid_period', 'A trend covers at most 20 years.');
  }
  return { from, to };
}

/** What a ranking states besides its members: the rule for incomplete figures, the scorecard, and the line under it. */
export function rankingNotes(units: readonly RankingRow[], incompleteRule: IncompleteRule, scorecard: Scorecard) {
  return {
    incomplete_rule: incompleteRule,
    scorecard: { indicators: scorecard.indicators.map((i) => ({ ...i })), penalties: scorecard.penalties.map((p) => ({ ...p })) },
    // the line under the ranking: how complete the members' figures are together
    completeness: {
      incomplete: units.filter((d) => !d.complete).length,
      units_without_data: units.reduce((n, d) => n + d.units_without_data, 0),
      quarantined_rows: units.reduce((n, d) => n + d.quarantined_rows, 0),
    },
  };
}
