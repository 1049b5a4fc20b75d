import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Env } from 'hono';
import { compress } from 'hono/compress';
import { notFound } from '../errors.ts';
import { apiRoute, apiRouter, jsonResponse, PUBLIC, TAGS, type ApiRouter } from './route.ts';

/**
 * The API describing itself: GET /api/openapi.json (OpenAPI 3.1, generated from the routes'
 * declarations, so it cannot drift from them) and GET /api/docs, a reference page (Swagger
 * UI, served from its npm package: no CDN, and within the Content-Security-Policy — its
 * initializer is a file of its own, reference/init.js, since no inline script may run).
 *
 * Both are public: they describe routes, never data; the code that defines them is open
 * source anyway; and a planning department's developer reads them before an administrator
 * has given them a token. Every route they describe still asks for its own rights.
 */

const DESCRIPTION = `The API of the Directive 15 monitor (Thanh Hóa, 15/CT-UBND, 2020): the electronic exchange,
digital signing and on-time processing of every state body's documents, ranked and explained down to
the documents behind each figure.

*Giám sát thực hiện Chỉ thị 15/CT-UBND: tỉ lệ văn bản gửi điện tử, ký số, xử lý đúng hạn; xếp hạng
các huyện; văn bản chưa đạt; dữ liệu lỗi.*

**Signing in.** Scripts send an API token (made by an administrator: \`npm run token -- create\`, or
POST /api/tokens) as \`Authorization: Bearer <token>\` and get that account's rights. The dashboard
uses the session cookie of POST /api/session; a session's requests that change something also send
its \`X-CSRF-Token\`. Each operation says which roles may call it (\`x-roles\`) and what the audit log
records (\`x-audit\`).

**Figures.** Rates are fractions 0..1, or null when there is nothing to count (never 0 or 1). Every
figure says how complete it is (\`quarantined_rows\`, \`units_without_data\`, \`complete\`): a gap in
the data never makes a figure look better.

**Errors** are JSON \`{ "error": { "code", "message", "details"? } }\` — 400 for a bad parameter
(named in the message), 401, 403, 404, 409, 429 with \`Retry-After\` — never a stack trace.`;

const SECURITY_SCHEMES = {
  sessionCookie: { type: 'apiKey', in: 'cookie', name: 'cds_session', description: 'The session of POST /api/session (signed, HttpOnly, SameSite=Strict). Requests that change something also send the session\'s X-CSRF-Token.' },
  bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token, cds_<id>_<secret>, with its account\'s rights.' },
} as const;

/** The OpenAPI 3.1 document of every route declared in the app. */
export function openApiDocument(app: OpenAPIHono<Env>, version: string) {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'Directive 15 monitor API', version, description: DESCRIPTION, license: { name: 'MIT' } },
    tags: Object.values(TAGS).map((t) => ({ name: t.name, description: t.description })),
    security: [{ sessionCookie: [] }, { bearerToken: [] }],
  });
  return { ...doc, components: { ...doc.components, securitySchemes: SECURITY_SCHEMES } };
}

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
/** The reference page's files: Swagger UI's own, and its initializer. */
const ASSETS = {
  'swagger-ui.css': { path: join(swaggerDir, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { path: join(swaggerDir, 'swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
  'init.js': { path: new URL('./reference/init.js', import.meta.url).pathname, type: 'text/javascript; charset=utf-8' },
  'page.css': { path: new URL('./reference/page.css', import.meta.url).pathname, type: 'text/css; charset=utf-8' },
} as const;
type AssetName = keyof typeof ASSETS;

const PAGE = `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Tài liệu API — Directive 15 monitor</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <link rel="stylesheet" href="/api/docs/page.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;

const routes = {
  document: apiRoute({
    method: 'get', path: '/openapi.json', roles: PUBLIC, audit: null, tag: 'operations', vi: 'Tài liệu API (OpenAPI)',
    summary: 'This API, as an OpenAPI 3.1 document',
    description: 'Generated from the routes\' own declarations: every /api route, its parameters, responses and error shape, who may call it.',
    responses: { 200: jsonResponse(z.record(z.string(), z.unknown()), 'The OpenAPI 3.1 document') },
  }),
  page: apiRoute({
    method: 'get', path: '/docs', roles: PUBLIC, audit: null, tag: 'operations', vi: 'Tài liệu API',
    summary: 'The API reference, for reading in a browser',
    responses: { 200: { description: 'The reference page (Swagger UI over /api/openapi.json)', content: { 'text/html': { schema: z.string() } } } },
  }),
  asset: apiRoute({
    method: 'get', path: '/docs/{file}', roles: PUBLIC, audit: null, tag: 'operations', vi: 'Tài liệu API: tệp giao diện',
    summary: 'A file of the reference page',
    request: { params: z.object({ file: z.enum(Object.keys(ASSETS) as [AssetName, ...AssetName[]]) }) },
    responses: {
      200: { description: 'Swagger UI\'s script or style sheet, or the page\'s initializer', content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() } } },
      404: { description: 'No such file (`not_found`)' },
    },
  }),
};

/** GET /api/openapi.json, /api/docs and its files. `app` is the whole app, every route mounted. */
export function referenceRoutes(app: OpenAPIHono<Env>, version: string): ApiRouter {
  const router = apiRouter();
  // generated on first use, when every route is mounted; the routes never change afterwards
  let document: ReturnType<typeof openApiDocument> | undefined;
  router.openapi(routes.document, (c) => c.json((document ??= openApiDocument(app, version)) as Record<string, unknown>, 200));
  router.openapi(routes.page, (c) => c.html(PAGE, 200));
  router.use('/docs/*', compress());
  router.openapi(routes.asset, async (c) => {
    const asset = ASSETS[c.req.valid('param').file];
    const body = await readFile(asset.path).catch(() => {
      throw notFound('not_found', `The reference's file ${c.req.valid('param').file} is missing from this installation.`);
    });
    return c.body(new Uint8Array(body), 200, { 'content-type': asset.type });
  });
  return router;
}
