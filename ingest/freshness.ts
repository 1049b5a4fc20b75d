import { Hono } from 'hono';
import { todayInVietnam } from '../analytics/period.ts';
import type { IngestDeps } from './routes.ts';
import { listSources, type SourceView } from './queries.ts';

export interface Freshness {
  /**
   * The local (Asia/Ho_Chi_Minh) day of the oldest last success among the configured,
   * enabled sources: every configured source had delivered its data by then. null when no
   * configured source has succeeded yet.
   */
  fresh_through: string | null;
  /** the latest success of any source, an instant */
  last_success_at: string | null;
  /** configured, enabled sources that never succeeded (their units' figures are missing) */
  never_succeeded: number;
  /** configured sources without a success within staleAfterHours */
  stale: number;
}

/**
 * How fresh the data is, for every signed-in user: the dashboard's default cut-off
 * ("Số liệu đến ngày") is never later than the day the slowest source last delivered.
 * The sources themselves (/api/sources) are for staff; this says only dates and counts.
 */
export function freshnessOf(sources: readonly SourceView[]): Freshness {
  const configured = sources.filter((s) => s.kind !== 'other' && s.enabled);
  const successes = configured.map((s) => s.last_success_at).filter((t): t is string => t !== null).sort();
  const any = sources.map((s) => s.last_success_at).filter((t): t is string => t !== null).sort();
  return {
    fresh_through: successes.length ? todayInVietnam(new Date(successes[0]!)) : null,
    last_success_at: any.at(-1) ?? null,
    never_succeeded: configured.filter((s) => s.last_success_at === null).length,
    stale: configured.filter((s) => s.stale).length,
  };
}

export function freshnessRoutes(deps: IngestDeps): Hono {
  const app = new Hono();
  app.get('/freshness', async (c) => c.json(freshnessOf(await listSources(deps.ctx.db, deps.settings, deps.sources, new Date()))));
  return app;
}
