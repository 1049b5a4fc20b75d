import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Figures } from './analytics/figures.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { referenceRoutes } from './api/reference.ts';
import { apiRoute, apiRouter, declaredRoutes, errorResponse, honoPath, jsonResponse, PUBLIC, type ApiRouter } from './api/route.ts';
import { requestBudget } from './auth/budget.ts';
import { assertDocumentScope, requireAccess } from './auth/middleware.ts';
import { authRoutes, clientIp, type AuthDeps } from './auth/routes.ts';
import { clientMiddleware, type ProxyTrust } from './client.ts';
import { AppError } from './errors.ts';
import { ingestRoutes, type IngestDeps } from './ingest/routes.ts';
import { requestLog } from './api/request-log.ts';
import type { Logger } from './log.ts';

/** What the HTTP app needs whatever it serves (a province's warehouse or a national one). */
export interface BaseAppDeps {
  version: string;
  /**
   * Sign-in, roles and audit. `null` only in tests of the figures themselves: the service
   * always passes it (test/access.test.ts checks every route of the service's app).
   */
  access: AuthDeps | null;
  /** more routes under /api (reports, backups), declared like the others (api/route.ts) */
  extraRoutes?: ApiRouter[];
  /** the built dashboard (vite build → dist/ui); absent in API-only tests */
  uiDir?: string;
  /** the clock that decides the default as_of (today in Vietnam) */
  now?: () => Date;
  /** the service's logger: each request's lines carry its request id (api/request-log.ts) */
  log: Logger;
  /** the reverse proxy whose X-Forwarded-For/-Proto are believed (TRUST_PROXY); null: none */
  trustProxy?: ProxyTrust | null;
  /**
   * Readiness (`/api/ready`): resolves when the warehouse answers a query, rejects otherwise
   * (closed, or invalidated by a fatal DuckDB error until the process restarts). Absent: ready.
   */
  ready?: () => Promise<unknown>;
}

export interface AppDeps extends IngestDeps, BaseAppDeps {
  figures: Figures;
}

const healthRoute = apiRoute({
  method: 'get', path: '/health', roles: PUBLIC, audit: null, tag: 'operations', vi: 'Tình trạng dịch vụ',
  summary: 'Liveness',
  responses: { 200: jsonResponse(z.strictObject({ status: z.literal('ok'), version: z.string() }), 'The service answers') },
});

const readyRoute = apiRoute({
  method: 'get', path: '/ready', roles: PUBLIC, audit: null, tag: 'operations', vi: 'Dịch vụ sẵn sàng',
  summary: 'Readiness: the warehouse answers a query',
  description: 'For a supervisor or a load balancer: 503 `warehouse_unavailable` when the database does not answer (a DuckDB fatal error invalidates it until the process restarts; README "Production"). /api/health answers while the process lives, whatever the database does.',
  responses: {
    200: jsonResponse(z.strictObject({ status: z.literal('ready') }), 'The warehouse answers a query'),
    503: errorResponse('The warehouse does not answer (`warehouse_unavailable`): restart the service'),
  },
});

/**
 * The HTTP app, built the same way for production and tests (tests call app.request()).
 * Errors become JSON in one place: an AppError with its status and code, anything else a
 * 500 that says nothing about internals (the details go to the log).
 */
export function createApp(deps: AppDeps): OpenAPIHono<Env> {
  return assembleApp(deps, (app, guard) => {
    app.route('/api', ingestRoutes(deps));
    app.route('/api', analyticsRoutes(deps.figures, deps.now, guard));
  });
}

/**
 * The app of a national warehouse (`npm run serve -- --national`, README "National
 * roll-up"): the same sign-in, roles, errors and dashboard, with the national figures'
 * routes (national/routes.ts) in place of the province's sources and figures.
 */
export function createNationalApp(deps: BaseAppDeps & { figureRoutes: ApiRouter }): OpenAPIHono<Env> {
  return assembleApp(deps, (app) => {
    app.route('/api', deps.figureRoutes);
  });
}

function assembleApp(deps: BaseAppDeps, mountFigures: (app: OpenAPIHono<Env>, guard: (c: Context, units: string[]) => Promise<void>) => void): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>();
  const log = deps.log;

  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(err.toJSON(), err.status as 400);
    // a body over the limit, a body not sent as the route declares (@hono/zod-openapi), and
    // other HTTP errors Hono raises with a status
    const status = err instanceof HTTPException ? err.status : (err as { status?: number }).status;
    if (status === 413) return c.json({ error: { code: 'body_too_large', message: 'The request body is too large.' } }, 413);
    if (status === 415) return c.json({ error: { code: 'unsupported_media_type', message: 'The body must be sent as JSON (Content-Type: application/json).' } }, 415);
    (c.get('log') ?? log).error({ err, method: c.req.method, path: c.req.path }, 'unexpected error');
    return c.json({ error: { code: 'internal_error', message: 'Something went wrong on the server; it has been logged.' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404));

  // first: the request's id and its access line see every answer, errors too
  app.use('*', ...requestLog(log));
  app.use('*', clientMiddleware(deps.trustProxy ?? null));
  // nothing the API answers may be kept by a browser or a proxy: figures are per account,
  // and /api/session carries the session's CSRF token
  app.use('/api/*', async (c, next) => {
    await next();
    c.res.headers.set('cache-control', 'no-store');
  });
  app.use('*', secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"],
    },
  }));
  // only where a body may come: asking for a GET request's body makes @hono/node-server
  // build a full fetch Request (with its AbortSignal), a third of a cached figure's cost
  const limitBody = bodyLimit({ maxSize: 1024 * 1024 });
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  // Who may call a route, and what is audited, is declared with the route (api/route.ts);
  // here the caller is identified for every /api route that is not public, and the
  // request budget charged.
  const access = deps.access;
  // filled once every route is mounted (below): the routes declared public
  const publicRoutes: { method: string; path: RegExp }[] = [];
  const isPublic = (method: string, path: string) =>
    publicRoutes.some((r) => (r.method === method || (method === 'HEAD' && r.method === 'GET')) && r.path.test(path));
  if (access) {
    app.use('/api/*', requireAccess(access.store, access.secret, isPublic));
    app.use('/api/*', requestBudget(access.budget ?? null));
    app.use('/api/*', async (c, next) => {
      c.set('recordAudit', (c, action) =>
        access.store.audit({ actor: c.get('principal')?.username ?? null, action, target: `${c.req.path}${new URL(c.req.url).search}`, ip: clientIp(c) })
          .catch((err: Error) => c.get('log').error({ err, action }, 'audit failed')));
      return next();
    });
  } else {
    // tests of the figures themselves: no accounts, every route open
    app.use('/api/*', async (c, next) => {
      c.set('accessControlOff', true);
      return next();
    });
  }

  const system = apiRouter();
  system.openapi(healthRoute, (c) => c.json({ status: 'ok' as const, version: deps.version }, 200));
  system.openapi(readyRoute, async (c) => {
    try {
      await deps.ready?.();
    } catch (err) {
      // the cause goes to the log, not to an unauthenticated caller
      (c.get('log') ?? deps.log).error({ err }, 'warehouse unavailable');
      throw new AppError(503, 'warehouse_unavailable', 'The warehouse does not answer a query: restart the service (README "Production").');
    }
    return c.json({ status: 'ready' as const }, 200);
  });
  app.route('/api', system);
  if (access) app.route('/api', authRoutes(access));
  const guard = async (c: Context, units: string[], period?: { from: string; to: string }) => {
    if (access) await assertDocumentScope(access.store, c.get('principal'), units, period);
  };
  mountFigures(app, guard);
  for (const routes of deps.extraRoutes ?? []) app.route('/api', routes);
  // the OpenAPI document of every route above (and of itself), and the reference page
  app.route('/api', referenceRoutes(app, deps.version));
  for (const r of declaredRoutes(app)) {
    if (r.roles === PUBLIC) publicRoutes.push({ method: r.method, path: new RegExp(`^${honoPath(r.path).replace(/:[^/]+/g, '[^/]+')}$`) });
  }

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
