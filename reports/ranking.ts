/**
 * The district ranking's rule (analytics/queries/ranking.sql), applied to other peer
 * groups the API does not rank: the provincial bodies among themselves, the communes of
 * one district. Same rule, so a report never ranks two groups two ways:
 *   score = mean of the non-null rates, each rounded to 4 decimals; the score rounded to 4
 *   decimals; ties share a rank (1, 2, 2, 4); no rate at all → unranked (null).
 * reports/ranking.test.ts checks that this reproduces /api/ranking for the districts.
 */

export interface Rates {
  sent_electronic_rate: number | null;
  signed_rate: number | null;
  on_time_rate: number | null;
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

/** Rank and score of every member of a peer group, by code. */
export function rankByScore(rows: readonly ({ code: string } & Rates)[]): Map<string, { rank: number | null; score: number | null }> {
  const scored = rows.map((r) => ({ code: r.code, score: score(r) }));
  const out = new Map<string, { rank: number | null; score: number | null }>();
  for (const r of scored) {
    // rank() OVER (ORDER BY score DESC): one more than the number of strictly better scores
    const rank = r.score === null ? null : 1 + scored.filter((o) => o.score !== null && o.score > r.score!).length;
    out.set(r.code, { rank, score: r.score });
  }
  return out;
}
