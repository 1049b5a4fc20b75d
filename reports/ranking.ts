import type { IncompleteRule } from '../config.ts';

/**
 * The district ranking's rule (analytics/queries/ranking.sql), applied to other peer
 * groups the API does not rank: the provincial bodies among themselves, the communes of
 * one district. Same rule, so a report never ranks two groups two ways:
 *   score = mean of the non-null rates, each rounded to 4 decimals; the score rounded to 4
 *   decimals; ties share a rank (1, 2, 2, 4); no rate at all → unranked (null, no_data);
 *   an incomplete member (open quarantined rows, or units without data) as the configured
 *   rule says (INCOMPLETE_RULES in config.ts): as_computed, count_against (its open rows
 *   counted as failing documents), unranked (reason incomplete).
 * reports/ranking.test.ts checks that this reproduces /api/ranking for the districts under
 * each rule.
 */

export interface Rates {
  sent_electronic_rate: number | null;
  signed_rate: number | null;
  on_time_rate: number | null;
}

/** What the rule for incomplete members reads besides the rates (the API's fields); absent: complete. */
export interface RankCounts {
  out_total: number;
  out_electronic: number;
  out_signed: number;
  in_on_time: number;
  in_late: number;
  quarantined_rows: number;
  units_without_data: number;
  quarantined_as_out: number;
  quarantined_as_late: number;
}

export type RankInput = { code: string } & Rates & Partial<RankCounts>;

export interface Ranked {
  rank: number | null;
  score: number | null;
  unranked_reason: 'no_data' | 'incomplete' | null;
}

/** DuckDB's round(x, 4) for the non-negative numbers rates are. */
export function round4(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10_000) / 10_000;
}

export function score(r: Rates): number | null {
  const rates = [r.sent_electronic_rate, r.signed_rate, r.on_time_rate].map(round4).filter((x): x is number => x !== null);
  if (rates.length === 0) return null;
  return round4(rates.reduce((a, b) => a + b, 0) / rates.length);
}

/** Incomplete: open quarantined rows, or units due to have documents that have none. */
export function isComplete(r: Partial<RankCounts>): boolean {
  return (r.quarantined_rows ?? 0) === 0 && (r.units_without_data ?? 0) === 0;
}

const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/**
 * The rates a member is ranked on: as they are, or under count_against with each open
 * quarantined row counted as a failing document (quarantined_as_out more outgoing
 * documents neither electronic nor signed, quarantined_as_late more late ones).
 */
export function rankedRates(r: RankInput, rule: IncompleteRule): Rates {
  const out = r.quarantined_as_out ?? 0;
  const late = r.quarantined_as_late ?? 0;
  if (rule !== 'count_against' || out + late === 0) return r;
  if (r.out_total === undefined || r.out_electronic === undefined || r.out_signed === undefined || r.in_on_time === undefined || r.in_late === undefined) {
    throw new Error(`rankedRates: ${r.code} has quarantined rows to count against it but no counts`);
  }
  const outTotal = r.out_total + out;
  return {
    sent_electronic_rate: rate(r.out_electronic, outTotal),
    signed_rate: rate(r.out_signed, outTotal),
    on_time_rate: rate(r.in_on_time, r.in_on_time + r.in_late + late),
  };
}

/** Rank, score and why unranked of every member of a peer group, by code. */
export function rankByScore(rows: readonly RankInput[], rule: IncompleteRule = 'as_computed'): Map<string, Ranked> {
  const scored = rows.map((r) => {
    const s = score(rankedRates(r, rule));
    const reason: Ranked['unranked_reason'] = s === null ? 'no_data' : rule === 'unranked' && !isComplete(r) ? 'incomplete' : null;
    return { code: r.code, score: s, reason };
  });
  const out = new Map<string, Ranked>();
  for (const r of scored) {
    // rank() OVER (ORDER BY score DESC) among the ranked: one more than the number of strictly better scores
    const rank = r.reason !== null ? null : 1 + scored.filter((o) => o.reason === null && o.score! > r.score!).length;
    out.set(r.code, { rank, score: r.score, unranked_reason: r.reason });
  }
  return out;
}
