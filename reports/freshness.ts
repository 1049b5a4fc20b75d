import { sqlFile } from '../warehouse/sql.ts';
import type { ReportDeps, SourceFreshness } from './deps.ts';

const FRESHNESS_SQL = () => sqlFile(new URL('./queries/freshness.sql', import.meta.url));

/**
 * The freshness the reports print: the service passes its configured sources' view;
 * without it (the CLI) the warehouse's own record of every source it has loaded from,
 * stale after settings.staleAfterHours as in /api/sources.
 */
export async function dataFreshness(deps: ReportDeps): Promise<readonly SourceFreshness[]> {
  if (deps.dataFreshness) return deps.dataFreshness();
  const now = (deps.now ?? (() => new Date()))().getTime();
  const rows = await deps.ctx.db.all<{ id: string; last_success_at: string | null }>(FRESHNESS_SQL());
  return rows.map((r) => ({
    id: r.id,
    last_success_at: r.last_success_at,
    stale: r.last_success_at === null || Date.parse(r.last_success_at) < now - deps.settings.staleAfterHours * 3_600_000,
  }));
}

/** The latest success of any source: when the data was last brought up to date. */
export function lastUpdate(sources: readonly SourceFreshness[]): string | null {
  return sources.reduce<string | null>((a, s) => (s.last_success_at && (!a || s.last_success_at > a) ? s.last_success_at : a), null);
}
