import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ADMIN, apiRoute, apiRouter, errorResponse, jsonResponse, STAFF } from '../api/route.ts';
import type { Settings, SourceConfig } from '../config.ts';
import { notFound } from '../errors.ts';
import { pageParams } from '../validate.ts';
import type { RunSummary } from './load.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { freshnessRoutes } from './freshness.ts';
import { listRuns, listSources } from './queries.ts';
import { runsResponse, sourceRunResponse, sourcesResponse } from './schemas.ts';

export interface IngestDeps {
  ctx: Warehouse;
  settings: Settings;
  sources: readonly SourceConfig[];
  /** runs a source now (the same job the schedule runs) */
  runSource: (source: SourceConfig) => Promise<RunSummary[]>;
}

/** What upstream servers answered is for administrators only (it may quote anything). */
const audienceOf = (c: Context) => ({ details: c.get('principal')?.role === 'admin' });

const sourceId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'not a source id').max(100);

const routes = {
  sources: apiRoute({
    method: 'get', path: '/sources', roles: STAFF, audit: null, tag: 'sources', vi: 'Nguồn dữ liệu',
    summary: 'The sources and their freshness',
    description: 'Each source\'s last success, last error (secrets masked), rows loaded and whether it is stale.',
    responses: { 200: jsonResponse(sourcesResponse, 'Every configured source, then sources only the run log knows') },
  }),
  runSource: apiRoute({
    method: 'post', path: '/sources/{id}/run', roles: ADMIN, audit: 'source_run', tag: 'sources', vi: 'Chạy nguồn ngay',
    summary: 'Run a source now',
    description: 'The same job the schedule runs; answers when its runs have finished.',
    request: { params: z.object({ id: z.string().describe('a configured source\'s id') }) },
    responses: {
      200: jsonResponse(sourceRunResponse, 'What each run did'),
      404: errorResponse('No configured source has this id (`unknown_source`)'),
    },
  }),
  runs: apiRoute({
    method: 'get', path: '/runs', roles: STAFF, audit: null, tag: 'sources', vi: 'Nhật ký nạp',
    summary: 'The run log, newest first',
    request: { query: z.object({ source: sourceId.optional().describe('only this source\'s runs'), ...pageParams }) },
    responses: { 200: jsonResponse(runsResponse, 'A page of the run log') },
  }),
};

/** The ingestion API: sources and their freshness, the run log (the quarantine: analytics/quarantine-routes.ts). */
export function ingestRoutes(deps: IngestDeps) {
  const app = apiRouter();

  app.openapi(routes.sources, async (c) => c.json({ sources: await listSources(deps.ctx.db, deps.settings, deps.sources, new Date(), audienceOf(c)) }, 200));

  app.openapi(routes.runSource, async (c) => {
    const { id } = c.req.valid('param');
    const source = deps.sources.find((s) => s.id === id);
    if (!source) throw notFound('unknown_source', `There is no configured source "${id}".`);
    return c.json({ runs: await deps.runSource(source) }, 200);
  });

  app.openapi(routes.runs, async (c) => c.json({ runs: await listRuns(deps.ctx.db, c.req.valid('query'), audienceOf(c)) }, 200));

  // how fresh the data is, for everyone (the dashboard's default cut-off)
  app.route('/', freshnessRoutes(deps));

  return app;
}
