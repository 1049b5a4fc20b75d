import type { Counts } from './api.ts';

/**
 * The order in which an inspection team's units are shown: the units furthest from the
 * target, weighted by volume, first. Until the server computes a priority order (issue 15's
 * report part), the dashboard orders by what /api/rates offers today, in this one module so
 * it can be swapped for the server's order:
 *   1. shortfalls, more first: outgoing documents sent on paper + outgoing documents not
 *      signed + incoming documents processed late (a document sent on paper and unsigned
 *      counts in both: the exact number of documents is on the unit's page);
 *   2. score, lower first (the mean of the rates that have data, as the ranking's score);
 *   3. units without any rate last, then by code.
 */
export interface Prioritised { code: string; shortfalls: number; score: number | null }

export function shortfalls(c: Counts): number {
  return (c.out_total - c.out_electronic) + (c.out_total - c.out_signed) + c.in_late;
}

/** The mean of the rates that have data, rounded to 4 decimals as the ranking rounds it; null without any. */
export function score(c: Counts): number | null {
  const rates = [c.sent_electronic_rate, c.signed_rate, c.on_time_rate].filter((r): r is number => r !== null);
  if (rates.length === 0) return null;
  return Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 10_000) / 10_000;
}

export function byPriority(a: Prioritised, b: Prioritised): number {
  if (a.shortfalls !== b.shortfalls) return b.shortfalls - a.shortfalls;
  if (a.score !== b.score) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return a.score - b.score;
  }
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Whether a unit meets the 100 % target on every rate it has (and has at least one). */
export const meetsTarget = (c: Counts) => score(c) === 1;
