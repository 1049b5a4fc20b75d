import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Settings, SourceConfig } from '../config.ts';
import { notFound } from '../errors.ts';
import { pageParams, parseQuery } from '../validate.ts';
import type { LoadContext, RunSummary } from './load.ts';
import { freshnessRoutes } from './freshness.ts';
import { listRuns, listSources } from './queries.ts';

export interface IngestDeps {
  ctx: LoadContext;
  settings: Settings;
  sources: readonly SourceConfig[];
  /** runs a source now (the same job the schedule runs) */
  runSource: (source: SourceConfig) => Promise<RunSummary[]>;
}

/** What upstream servers answered is for administrators only (it may quote anything). */
const audienceOf = (c: Context) => ({ details: c.get('principal')?.role === 'admin' });

const sourceId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'not a source id').max(100);

/** The ingestion API: sources and their freshness, the run log (the quarantine: analytics/quarantine-routes.ts). */
export function ingestRoutes(deps: IngestDeps): Hono {
  const app = new Hono();

  app.get('/sources', async (c) => c.json({ sources: await listSources(deps.ctx.db, deps.settings, deps.sources, new Date(), audienceOf(c)) }));

  app.post('/sources/:id/run', async (c) => {
    const id = c.req.param('id');
    const source = deps.sources.find((s) => s.id === id);
    if (!source) throw notFound('unknown_source', `There is no configured source "${id}".`);
    return c.json({ runs: await deps.runSource(source) });
  });

  app.get('/runs', async (c) => {
    const p = parseQuery(c, z.object({ source: sourceId.optional(), ...pageParams }));
    return c.json({ runs: await listRuns(deps.ctx.db, p, audienceOf(c)) });
  });

  // how fresh the data is, for everyone (the dashboard's default cut-off)
  app.route('/', freshnessRoutes(deps));

  return app;
}
