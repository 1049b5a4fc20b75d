import { z } from '@hono/zod-openapi';
import { apiRoute, apiRouter, EVERYONE, jsonResponse } from '../api/route.ts';
import { businessDate } from '../time.ts';
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
    fresh_through: successes.length ? businessDate(successes[0]!) : null,
    last_success_at: any.at(-1) ?? null,
    never_succeeded: configured.filter((s) => s.last_success_at === null).length,
    stale: configured.filter((s) => s.stale).length,
  };
}

export const freshnessResponse = z.strictObject({
  fresh_through: z.string().nullable().describe('YYYY-MM-DD: the local day by which every configured, enabled source had delivered (its oldest last success); null before any success'),
  last_success_at: z.string().nullable().describe('the latest success of any source, an instant'),
  never_succeeded: z.number().int().describe('configured, enabled sources that never succeeded'),
  stale: z.number().int().describe('configured sources without a success within staleAfterHours'),
}).openapi('Freshness');

const route = apiRoute({
  method: 'get', path: '/freshness', roles: EVERYONE, audit: null, tag: 'sources', vi: 'Độ mới của số liệu',
  summary: 'How fresh the data is',
  description: 'Dates and counts only, for every signed-in account: the dashboard\'s default cut-off is never later than `fresh_through`. The sources themselves (/api/sources) are for staff.',
  responses: { 200: jsonResponse(freshnessResponse, 'The freshness of the configured sources') },
});

export function freshnessRoutes(deps: IngestDeps) {
  const app = apiRouter();
  app.openapi(route, async (c) => c.json(freshnessOf(await listSources(deps.ctx.db, deps.settings, deps.sources, new Date())), 200));
  return app;
}
