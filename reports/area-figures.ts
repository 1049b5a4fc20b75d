import { listValue } from '@duckdb/node-api';
import { sqlFile } from '../analytics/db.ts';
import type { Counts, Figures, Scope } from '../analytics/figures.ts';

const RATES_AREAS_SQL = () => sqlFile(new URL('./queries/rates-areas.sql', import.meta.url));

/**
 * Figures.ratesOfArea for many areas in one query. A monthly report pools 31 areas in three
 * periods: 93 single-area queries took 3–6 s on the demo province, most of it planning the
 * same query again; grouped, it is three. Same macros as the API's query, same figures
 * (area-figures.test.ts), cached with the figures and dropped at every rebuild.
 */
export async function ratesOfAreas(figures: Figures, s: Scope, areas: readonly string[]): Promise<Map<string, Counts & { units: number }>> {
  if (areas.length === 0) return new Map();
  const params = { from: s.period.from, to: s.period.to, as_of: s.asOf, include_baseline: s.includeBaseline };
  const key = `report-rates-areas:${JSON.stringify({ ...params, areas })}`;
  const rows = await figures.cache.get(key, () =>
    figures.db.withConnection(async (conn) => {
      const reader = await conn.runAndReadAll(RATES_AREAS_SQL(), { ...params, areas: listValue([...areas]) });
      return reader.getRowObjectsJS() as unknown as (Counts & { units: number; code: string })[];
    }),
  );
  const byCode = new Map(rows.map(({ code, ...r }) => [code, r] as const));
  return new Map(areas.map((a) => {
    const r = byCode.get(a);
    // callers pass areas of the registry (validated by Figures.area), which always have units
    if (!r) throw new Error(`Area ${a} has no units in the registry`);
    return [a, r];
  }));
}
