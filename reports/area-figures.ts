import type { AreaRates, Figures, Scope } from '../analytics/figures.ts';

/** The pooled figures of many areas in one query (a monthly report pools 31 areas in three periods). */
export function ratesOfAreas(figures: Figures, s: Scope, areas: readonly string[]): Promise<Map<string, AreaRates>> {
  return figures.ratesOfAreas(s, areas);
}
