import { DEFAULT_SCORECARD, type IncompleteRule, type Scorecard } from '../config.ts';

/**
 * The ranking's rule (analytics/queries/ranking.sql) written again in TypeScript, as the
 * oracle the API's rankings are tested against (reports/ranking.test.ts,
 * test/ranking-levels.test.ts):
 *   score = the scorecard's (config.ts; by default the mean of the non-null rates), each
 *   rate rounded to 4 decimals (the processed rate as scoredProcessedRate reads it); the
 *   score rounded to 4 decimals; ties share a rank
 *   (1, 2, 2, 4); no score → unranked (null, no_data);
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
  /** absent: not given (a scorecard that scores it cannot be applied) */
  received_electronic_rate?: number | null;
  /** as recorded; the score reads it from the counts (scoredProcessedRate) */
  processed_electronic_rate?: number | null;
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
  quarantined_as_in: number;
  quarantined_as_completed: number;
  in_total: number;
  in_electronic: number;
  in_completed: number;
  in_processed_electronic: number;
  in_completed_unrecorded: number;
  paper_to_office: number;
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

/** The documents behind each rate's shortfall, which a scorecard's penalties count. */
export interface ViolationCounts {
  not_electronic: number;
  not_signed: number;
  late: number;
  /** absent when the row does not say (a scorecard that takes points off for it cannot be applied) */
  paper_to_office?: number | undefined;
}

/**
 * The processed rate as the score reads it: in_processed_electronic / (in_completed +
 * in_completed_unrecorded) — a completed document whose export does not record how it was
 * processed counts as not processed electronically, so a gap never raises the score (a unit
 * whose exports lack the field scores 0 on it). Undefined without the counts.
 */
export function scoredProcessedRate(r: Partial<Pick<RankCounts, 'in_completed' | 'in_processed_electronic' | 'in_completed_unrecorded'>>): number | null | undefined {
  if (r.in_completed === undefined || r.in_processed_electronic === undefined || r.in_completed_unrecorded === undefined) return undefined;
  return rate(r.in_processed_electronic, r.in_completed + r.in_completed_unrecorded);
}

/**
 * The scorecard's score (cds_score in analytics/models/marts/rules.sql):
 * round4(round4(Σ w·rate / Σ w over the non-null rates) + bonuses − points·documents).
 */
export function score(r: Rates, scorecard: Scorecard = DEFAULT_SCORECARD, violations: ViolationCounts | null = null): number | null {
  let num = 0;
  let den = 0;
  let bonus = 0;
  for (const ind of scorecard.indicators) {
    const given = r[ind.rate];
    if (given === undefined) throw new Error(`score: the scorecard scores ${ind.rate}, and the row does not give it`);
    const x = round4(given);
    if (x === null) continue;
    num += x * ind.weight;
    den += ind.weight;
    if (x >= ind.target) bonus += ind.bonus;
  }
  if (den === 0) return null;
  let penalty = 0;
  for (const p of scorecard.penalties) {
    const n = violations?.[p.kind];
    if (n === undefined || n === null) throw new Error(`score: the scorecard takes points off per ${p.kind} document, and the counts are missing`);
    penalty += n * p.points;
  }
  return round4(round4(num / den)! + bonus - penalty);
}

/** Incomplete: open quarantined rows, or units due to have documents that have none. */
export function isComplete(r: Partial<RankCounts>): boolean {
  return (r.quarantined_rows ?? 0) === 0 && (r.units_without_data ?? 0) === 0;
}

const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/**
 * The rates a member is ranked on: as they are, or under count_against with each open
 * quarantined row counted as a failing document (quarantined_as_out more outgoing
 * documents neither electronic nor signed, quarantined_as_late more late ones,
 * quarantined_as_in more incoming documents not received electronically,
 * quarantined_as_completed more completed ones not processed electronically).
 */
export function rankedRates(r: RankInput, rule: IncompleteRule): Rates & Partial<ViolationCounts> {
  const v = violationsOf(r, rule);
  const out = r.quarantined_as_out ?? 0;
  const late = r.quarantined_as_late ?? 0;
  const incoming = r.quarantined_as_in ?? 0;
  const completed = r.quarantined_as_completed ?? 0;
  // the processed rate as scored, from the counts (undefined without them)
  const processed = { processed_electronic_rate: scoredProcessedRate(r) };
  if (rule !== 'count_against' || out + late + incoming === 0) return { ...r, ...v, ...processed };
  if (r.out_total === undefined || r.out_electronic === undefined || r.out_signed === undefined || r.in_on_time === undefined || r.in_late === undefined) {
    throw new Error(`rankedRates: ${r.code} has quarantined rows to count against it but no counts`);
  }
  if (incoming > 0 && (r.in_total === undefined || r.in_electronic === undefined)) {
    throw new Error(`rankedRates: ${r.code} has quarantined incoming rows to count against it but no received counts`);
  }
  if (completed > 0 && (r.in_completed === undefined || r.in_processed_electronic === undefined || r.in_completed_unrecorded === undefined)) {
    throw new Error(`rankedRates: ${r.code} has quarantined completed rows to count against it but no processed counts`);
  }
  const outTotal = r.out_total + out;
  return {
    sent_electronic_rate: rate(r.out_electronic, outTotal),
    signed_rate: rate(r.out_signed, outTotal),
    on_time_rate: rate(r.in_on_time, r.in_on_time + r.in_late + late),
    received_electronic_rate: incoming > 0 ? rate(r.in_electronic!, r.in_total! + incoming) : r.received_electronic_rate,
    ...(completed > 0 ? { processed_electronic_rate: rate(r.in_processed_electronic!, r.in_completed! + r.in_completed_unrecorded! + completed) } : processed),
    ...v,
  };
}

/** The violating documents the member is ranked with (with count_against, its open rows too); null without counts. */
function violationsOf(r: RankInput, rule: IncompleteRule): ViolationCounts | null {
  if (r.out_total === undefined || r.out_electronic === undefined || r.out_signed === undefined || r.in_late === undefined) return null;
  const against = rule === 'count_against';
  const outTotal = r.out_total + (against ? r.quarantined_as_out ?? 0 : 0);
  return { not_electronic: outTotal - r.out_electronic, not_signed: outTotal - r.out_signed, late: r.in_late + (against ? r.quarantined_as_late ?? 0 : 0), paper_to_office: r.paper_to_office };
}

/** Rank, score and why unranked of every member of a peer group, by code. */
export function rankByScore(rows: readonly RankInput[], rule: IncompleteRule = 'as_computed', scorecard: Scorecard = DEFAULT_SCORECARD): Map<string, Ranked> {
  const scored = rows.map((r) => {
    const ranked = rankedRates(r, rule);
    const v = ranked.not_electronic === undefined ? null : (ranked as ViolationCounts);
    const s = score(ranked, scorecard, v);
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
