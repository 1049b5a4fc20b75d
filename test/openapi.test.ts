// GET /api/openapi.json: an OpenAPI 3.1 document, valid by a maintained validator, that
// lists every /api route the app serves (compared with Hono's own route table), with its
// parameters, responses (downloads included), the error shape and security.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { createApp } from '../app.ts';
import { assertDocumentScope } from '../auth/middleware.ts';
import { AccessStore } from '../auth/store.ts';
import { LoginThrottle } from '../auth/throttle.ts';
import { backupRoutes } from '../ops/routes.ts';
import { reportRoutes } from '../reports/routes.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';
import { quietLog } from './helpers/logs.ts';

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
  security?: unknown[];
  'x-roles': string[] | 'public';
  'x-audit'?: unknown;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
  security: Record<string, unknown[]>[];
}

let w: TestWarehouse;
let app: ReturnType<typeof createApp>;
let doc: Document;

beforeAll(async () => {
  w = await testWarehouse();
  const store = new AccessStore(w.db);
  const figures = new Figures(w.db, new FigureCache());
  app = createApp({
    version: '9.8.7', ctx: w, settings: w.config.settings, figures, log: quietLog, sources: [], runSource: async () => [],
    access: { store, throttle: new LoginThrottle(), secret: 'test-secret-test-secret-test-secret', teams: [1, 2, 3], isUnit: async () => true },
    extraRoutes: [
      reportRoutes({ figures, ctx: w, settings: w.config.settings, documentGuard: (c, units) => assertDocumentScope(store, c.get('principal'), units) }),
      backupRoutes(w, `${w.dir}/backups`, 2),
    ],
  });
  // public: no sign-in, no token
  const res = await app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  doc = await res.json();
});
afterAll(() => w.close());

const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.8.7');
  });

  it('lists every /api route the app serves, and nothing else', () => {
    const served = [...new Set(app.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, '{$1}')}`))].sort();
    const documented = operations().map((o) => `${o.method.toUpperCase()} ${o.path}`).sort();
    expect(documented).toEqual(served);
    // the routes of every layer are there, this document and its page too
    for (const route of ['GET /api/ranking', 'GET /api/quarantine', 'POST /api/session', 'GET /api/sources', 'POST /api/reports/monthly/freeze', 'POST /api/backups', 'GET /api/openapi.json', 'GET /api/docs']) {
      expect(documented).toContain(route);
    }
  });

  it('describes each operation: English summary, Vietnamese name, tag, who may call it and the audit', () => {
    const vietnamese = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]/i;
    for (const { path, method, op } of operations()) {
      const at = `${method.toUpperCase()} ${path}`;
      expect(op.summary, at).toMatch(/^[A-Z]/);
      expect(op.description, at).toMatch(vietnamese);
      expect(op.tags, at).toHaveLength(1);
      expect(op['x-roles'] === 'public' || op['x-roles'].length > 0, at).toBe(true);
      expect(op.description, at).toMatch(op['x-roles'] === 'public' ? /Public/ : /Roles: /);
    }
  });

  it('declares the security: session cookie or bearer token, and none on the public routes', () => {
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'cds_session' });
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
    const publicOps = operations().filter((o) => o.op['x-roles'] === 'public').map((o) => `${o.method.toUpperCase()} ${o.path}`).sort();
    expect(publicOps).toEqual(['DELETE /api/session', 'GET /api/docs', 'GET /api/docs/{file}', 'GET /api/health', 'GET /api/openapi.json', 'GET /api/ready', 'GET /api/session', 'POST /api/session']);
    for (const { op } of operations()) {
      if (op['x-roles'] === 'public') expect(op.security).toEqual([]);
      else {
        expect(op.security).toBeUndefined(); // the document's: cookie or token
        for (const status of ['401', '403', '429']) expect(op.responses[status]?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
    // a session's request that changes something sends its CSRF token
    const post = doc.paths['/api/tokens']!['post']!;
    expect(post.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'X-CSRF-Token' }));
  });

  it('documents the error shape, the parameters and the bodies', () => {
    expect(doc.components.schemas['Error']).toMatchObject({
      type: 'object', required: ['error'],
      properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } } } },
    });
    const rates = doc.paths['/api/rates']!['get']!;
    expect(rates.parameters!.map((p) => p.name).sort()).toEqual(['area', 'as_of', 'from', 'include_baseline', 'level', 'period', 'to', 'unit']);
    expect(rates.responses['400']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Error' });
    const violations = doc.paths['/api/violations']!['get']!;
    expect(violations.parameters!.find((p) => p.name === 'unit')).toMatchObject({ in: 'query', required: true });
    expect(violations.parameters!.find((p) => p.name === 'limit')).toMatchObject({ required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } });
    expect(doc.paths['/api/users/{username}']!['delete']!.parameters).toContainEqual(expect.objectContaining({ in: 'path', name: 'username', required: true }));
    expect(doc.paths['/api/session']!['post']!.requestBody!.content['application/json']).toEqual({ schema: { $ref: '#/components/schemas/SignIn' } });
    expect(doc.components.schemas['RankingRow']).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('documents the downloads with their media types: XLSX, CSV and the Arrow stream', () => {
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const binary = { type: 'string', format: 'binary' };
    expect(doc.paths['/api/reports/inspection.xlsx']!['get']!.responses['200']!.content).toEqual({ [xlsx]: { schema: binary } });
    expect(doc.paths['/api/reports/monthly.xlsx']!['get']!.responses['200']!.content).toEqual({ [xlsx]: { schema: binary } });
    expect(doc.paths['/api/reports/monthly.csv']!['get']!.responses['200']!.content).toEqual({ 'text/csv; charset=utf-8': { schema: binary } });
    expect(doc.paths['/api/quarantine/export.csv']!['get']!.responses['200']!.content).toEqual({ 'text/csv; charset=utf-8': { schema: binary } });
    expect(doc.paths['/api/quarantine/export.xlsx']!['get']!.responses['200']!.content).toEqual({ [xlsx]: { schema: binary } });
    for (const path of ['/api/rates', '/api/trend']) {
      const content = doc.paths[path]!['get']!.responses['200']!.content!;
      expect(Object.keys(content).sort()).toEqual(['application/json', 'application/vnd.apache.arrow.stream']);
      expect(content['application/vnd.apache.arrow.stream']!.schema).toMatchObject(binary);
    }
  });

  it('records the audit decision of each operation', () => {
    expect(doc.paths['/api/reports/monthly/freeze']!['post']!['x-audit']).toBe('freeze');
    expect(doc.paths['/api/users']!['post']!['x-audit']).toEqual({ handler: ['user_added'] });
    expect(doc.paths['/api/ranking']!['get']!['x-audit']).toBeNull();
  });
});
