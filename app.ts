import { Hono } from 'hono';
import type { Figures } from './analytics/figures.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { AppError } from './errors.ts';
import { ingestRoutes, type IngestDeps } from './ingest/routes.ts';

export interface AppDeps extends IngestDeps {
  version: string;
  figures: Figures;
  /** the clock that decides the default as_of (today in Vietnam) */
  now?: () => Date;
  log?: (message: string) => void;
}

/**
 * The HTTP app, built the same way for production and tests (tests call app.request()).
 * Errors become JSON in one place: an AppError with its status and code, anything else a
 * 500 that says nothing about internals (the details go to the log).
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const log = deps.log ?? console.error;

  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(err.toJSON(), err.status as 400);
    log(`unexpected error on ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return c.json({ error: { code: 'internal_error', message: 'Something went wrong on the server; it has been logged.' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404));

  app.get('/api/health', (c) => c.json({ status: 'ok', version: deps.version }));
  app.route('/api', ingestRoutes(deps));
  app.route('/api', analyticsRoutes(deps.figures, deps.now));
  return app;
}
