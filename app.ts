import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { Figures } from './analytics/figures.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { AppError } from './errors.ts';
import { ingestRoutes, type IngestDeps } from './ingest/routes.ts';

export interface AppDeps extends IngestDeps {
  version: string;
  figures: Figures;
  /** the built dashboard (vite build → dist/ui); absent in API-only tests */
  uiDir?: string;
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

  if (deps.uiDir) {
    const uiDir = deps.uiDir;
    // file names under assets/ carry a content hash: they never change
    app.use('/assets/*', compress(), async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
    });
    app.use('/assets/*', serveStatic({ root: uiDir }));
    app.get('/', async (c) => {
      const index = join(uiDir, 'index.html');
      if (!existsSync(index)) return c.text('The dashboard is not built: run `npm run build` (npm start does it).', 503);
      c.header('cache-control', 'no-cache');
      return c.html(await readFile(index, 'utf8'));
    });
  }
  return app;
}
