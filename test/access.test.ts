// Who may see what: every route, with the rules it declares (api/route.ts), against every
// role and an anonymous caller; the audit action each declares; the document scopes of
// inspectors and unit accounts, CSRF, the sign-in throttle, API tokens and the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import type { z } from '@hono/zod-openapi';
import { declaredRoutes, honoPath, PUBLIC, ROLES, type DeclaredRoute } from '../api/route.ts';
import { createApp } from '../app.ts';
import type { AuthDeps } from '../auth/routes.ts';
import { AccessStore, type Role } from '../auth/store.ts';
import { LoginThrottle } from '../auth/throttle.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { assertDocumentScope } from '../auth/middleware.ts';
import { backupRoutes } from '../ops/routes.ts';
import { MAY_ROUTES, may } from '../ui/access.ts';
import { reportRoutes } from '../reports/routes.ts';
import { alertRoutes } from '../alerts/routes.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';
import { quietLog } from './helpers/logs.ts';

let w: TestWarehouse;
let app: ReturnType<typeof createApp>;
let routes: DeclaredRoute[];
let access: AuthDeps;
const tokens: Partial<Record<Role, string>> = {};
const PASSWORD = 'correct horse battery';

// team 1 holds P01 and district 380 (and so its communes); team 3 holds 398
const ACCOUNTS: { username: string; role: Role; team?: number; unit?: string }[] = [
  { username: 'dic-admin', role: 'admin' },
  { username: 'office-viewer', role: 'viewer' },
  { username: 'inspector-1', role: 'inspector', team: 1 },
  { username: 'district-380', role: 'unit', unit: '380' },
];

/**
 * A request that the route accepts when the caller may call it (valid parameters), for
 * every route the app declares: a route added without one fails 'checks every declared
 * route'.
 */
const REQUESTS: Record<string, { path: string; body?: unknown }> = {
  'GET /api/health': { path: '/api/health' },
  'GET /api/ready': { path: '/api/ready' },
  'GET /api/session': { path: '/api/session' },
  'POST /api/session': { path: '/api/session', body: { username: 'office-viewer', password: PASSWORD } },
  'DELETE /api/session': { path: '/api/session' },
  'GET /api/openapi.json': { path: '/api/openapi.json' },
  'GET /api/docs': { path: '/api/docs' },
  'GET /api/docs/:file': { path: '/api/docs/init.js' },
  'GET /api/units': { path: '/api/units' },
  'GET /api/units/:code/history': { path: '/api/units/380/history' },
  'GET /api/units/positions': { path: '/api/units/positions?as_of=2021-06-30' },
  'GET /api/data-range': { path: '/api/data-range' },
  'GET /api/rates': { path: '/api/rates?period=2020-10' },
  'GET /api/trend': { path: '/api/trend?area=38&from=2020-01&to=2020-12' },
  'GET /api/ranking': { path: '/api/ranking?period=2020-10' },
  'GET /api/milestones': { path: '/api/milestones' },
  'GET /api/freshness': { path: '/api/freshness' },
  'GET /api/teams': { path: '/api/teams' },
  'GET /api/teams/:team/priority': { path: '/api/teams/1/priority?period=2020-10' },
  'GET /api/violations': { path: '/api/violations?unit=380&period=2020-10' },
  'GET /api/cross-check': { path: '/api/cross-check?period=2020-10' },
  'GET /api/violations.csv': { path: '/api/violations.csv?unit=380&period=2020-10' },
  'GET /api/violations.xlsx': { path: '/api/violations.xlsx?unit=380&period=2020-10' },
  'GET /api/data-notes': { path: '/api/data-notes?period=2020-10' },
  'GET /api/sources': { path: '/api/sources' },
  'GET /api/runs': { path: '/api/runs' },
  'GET /api/quarantine': { path: '/api/quarantine' },
  'GET /api/quarantine/summary': { path: '/api/quarantine/summary' },
  'GET /api/quarantine/export.csv': { path: '/api/quarantine/export.csv?unit=380' },
  'GET /api/quarantine/export.xlsx': { path: '/api/quarantine/export.xlsx?unit=380' },
  'POST /api/sources/:id/run': { path: '/api/sources/drop/run' },
  'GET /api/users': { path: '/api/users' },
  'POST /api/users': { path: '/api/users', body: { username: 'x-new', password: 'long enough password', role: 'viewer' } },
  'DELETE /api/users/:username': { path: '/api/users/nobody' },
  'GET /api/tokens': { path: '/api/tokens' },
  'POST /api/tokens': { path: '/api/tokens', body: { username: 'office-viewer', label: 'matrix' } },
  'DELETE /api/tokens/:id': { path: '/api/tokens/000000000000' },
  'GET /api/audit': { path: '/api/audit' },
  'GET /api/reports/monthly.xlsx': { path: '/api/reports/monthly.xlsx?period=2020-10' },
  'GET /api/reports/monthly.csv': { path: '/api/reports/monthly.csv?period=2020-10' },
  'GET /api/reports/monthly.json': { path: '/api/reports/monthly.json?period=2020-10' },
  'GET /api/reports/inspection.xlsx': { path: '/api/reports/inspection.xlsx?team=1&period=2020-10' },
  'GET /api/reports/freezes': { path: '/api/reports/freezes' },
  // 2020-08 is frozen before the matrix runs (beforeAll): a restatement finds nothing to correct
  'POST /api/reports/monthly/freeze': { path: '/api/reports/monthly/freeze?period=2020-11' },
  'POST /api/reports/monthly/restate': { path: '/api/reports/monthly/restate?period=2020-08' },
  'GET /api/backups': { path: '/api/backups' },
  'POST /api/alerts/evaluate': { path: '/api/alerts/evaluate?as_of=2020-10-31' },
  'GET /api/alerts': { path: '/api/alerts' },
  'GET /api/alerts/rules': { path: '/api/alerts/rules' },
  'PUT /api/alerts/rules/:id': { path: '/api/alerts/rules/matrix', body: { id: 'matrix', kind: 'rank_drop', name: 'Tụt hạng', places: 3 } },
  'DELETE /api/alerts/rules/:id': { path: '/api/alerts/rules/nothing' },
  'GET /api/subscriptions': { path: '/api/subscriptions' },
  'POST /api/subscriptions': { path: '/api/subscriptions', body: { channel: 'email', target: 'matrix@example.vn' } },
  'DELETE /api/subscriptions/:id': { path: '/api/subscriptions/none' },
  'GET /api/unsubscribe': { path: '/api/unsubscribe?token=none' },
  'POST /api/unsubscribe': { path: '/api/unsubscribe?token=none' },
  'GET /api/outbox': { path: '/api/outbox' },
  'GET /api/outbox/:id/eml': { path: '/api/outbox/00000000000000000000000000000000/eml' },
  'POST /api/backups': { path: '/api/backups' },
};

const keyOf = (r: DeclaredRoute) => `${r.method} ${honoPath(r.path)}`;

/** The declared routes' keys, known before the app is built (the matrix's it.each needs them at collection). */
const ROUTE_KEYS = () => Object.keys(REQUESTS);

const call = (method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  app.request(path, {
    method,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    ...(opts.body ? { body: JSON.stringify(opts.body) } : {}),
  });

beforeAll(async () => {
  w = await testWarehouse();
  await w.load([w.file('docs.csv', `${CANONICAL_HEADER}\n380,A1,out,1/UBND,,,2020-10-01 08:00,normal,paper,false,,\n14755,B1,out,2/UBND,,,2020-10-01 08:00,normal,paper,false,,\n381,C1,out,3/UBND,,,2020-10-01 08:00,normal,paper,false,,\nP01,D1,out,4/VP,,,2020-10-01 08:00,normal,paper,false,,\n`)]);
  await buildModels(w.db);
  const store = new AccessStore(w.db);
  const figures = new Figures(w.db, new FigureCache());
  access = { store, throttle: new LoginThrottle(), secret: 'test-secret-test-secret-test-secret', teams: [1, 2, 3], isUnit: async (c) => (await figures.units()).some((u) => u.code === c) };
  for (const a of ACCOUNTS) {
    await store.addUser({ username: a.username, password: PASSWORD, role: a.role, team: a.team, unit: a.unit }, access.teams, access.isUnit);
    tokens[a.role] = (await store.createToken(a.username, null)).token;
  }
  app = createApp({
    version: 't', ctx: w, settings: w.config.settings, figures, access, log: quietLog,
    sources: [{ id: 'drop', kind: 'folder', path: 'inbox', schedule: '*/5 * * * *', enabled: true }],
    runSource: async () => [],
    extraRoutes: [
      reportRoutes({ figures, ctx: w, settings: w.config.settings, documentGuard: (c, units) => assertDocumentScope(store, c.get('principal'), units) }),
      backupRoutes(w, `${w.dir}/backups`, 2),
      alertRoutes({ ctx: w, figures, settings: w.config.settings, sources: [], store, publicUrl: 'http://127.0.0.1', dataDir: w.dir, reports: { figures, ctx: w, settings: w.config.settings } }, { kick: () => undefined, smtp: false }),
    ],
  });
  routes = declaredRoutes(app);
  expect((await call('POST', '/api/reports/monthly/freeze?period=2020-08', { token: tokens.admin })).status).toBe(201);
});
afterAll(() => w.close());

/** The response's body checked against the schema the route declares for its status, strictly (no field undeclared). */
async function expectDeclaredShape(route: DeclaredRoute, res: Response, who: string): Promise<void> {
  const content = (route.responses[res.status] as { content?: Record<string, { schema: z.ZodType }> } | undefined)?.content;
  expect(content, `${who}: ${res.status} is not a declared response of ${keyOf(route)}`).toBeDefined();
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
  expect(Object.keys(content!).map((t) => t.split(';')[0]), `${who}: ${keyOf(route)} answered ${type}`).toContain(type);
  if (type !== 'application/json') return;
  const parsed = content!['application/json']!.schema.safeParse(await res.clone().json());
  expect(parsed.success ? [] : parsed.error.issues, `${who}: ${keyOf(route)}`).toEqual([]);
}

describe('the role matrix, read from the routes\' declarations', () => {
  it('declares every /api route the app serves, and checks every declared route', () => {
    const served = [...new Set(app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
    const declared = routes.map(keyOf);
    expect(served.filter((r) => !declared.includes(r))).toEqual([]);
    expect(declared.filter((r) => !served.includes(r))).toEqual([]);
    expect(declared.filter((r) => !REQUESTS[r])).toEqual([]);
    expect(Object.keys(REQUESTS).filter((r) => !declared.includes(r))).toEqual([]);
  });

  it('offers in the dashboard (ui/access.ts) exactly what each role may call', () => {
    for (const [rule, keys] of Object.entries(MAY_ROUTES)) {
      for (const role of ROLES) {
        const user = { username: 'u', role, team: role === 'inspector' ? 1 : null, unit: role === 'unit' ? '380' : null };
        const allowed = keys.every((key) => {
          const declared = routes.find((r) => keyOf(r) === key);
          expect(declared, key).toBeDefined();
          return declared!.roles === PUBLIC || declared!.roles.includes(role);
        });
        expect(may[rule as keyof typeof MAY_ROUTES](user), `${rule} for ${role}`).toBe(allowed);
      }
    }
  });

  it('has a rule and an audit decision on every route', () => {
    for (const r of routes) {
      expect(r.roles === PUBLIC || (r.roles.length > 0 && r.roles.every((role) => (ROLES as readonly string[]).includes(role))), keyOf(r)).toBe(true);
      expect(r.audit === null || typeof r.audit === 'string' || r.audit.handler.length > 0, keyOf(r)).toBe(true);
    }
  });

  it.each(ROUTE_KEYS())('%s: anonymous 401 (public: in), allowed roles in with the declared shape, others 403', async (key) => {
    const rule = routes.find((r) => keyOf(r) === key)!;
    const req = REQUESTS[key]!;
    const anonymous = await call(rule.method, req.path, { body: req.body });
    if (rule.roles === PUBLIC) {
      expect([200, 201], `anonymous ${key}: ${await anonymous.clone().text()}`).toContain(anonymous.status);
      await expectDeclaredShape(rule, anonymous, 'anonymous');
    } else {
      expect(anonymous.status).toBe(401);
      expect((await anonymous.json()).error.code).toBe('unauthenticated');
    }
    for (const role of ROLES) {
      const res = await call(rule.method, req.path, { token: tokens[role], body: req.body });
      if (rule.roles === PUBLIC || rule.roles.includes(role)) {
        // a route with a document scope may still refuse a unit outside the caller's: checked below
        if (!rule.documentScope) expect([200, 201, 404], `${role} ${key}: ${await res.clone().text()}`).toContain(res.status);
        else expect([200, 403], `${role} ${key}`).toContain(res.status);
        await expectDeclaredShape(rule, res, role);
      } else {
        expect(res.status, `${role} ${key}`).toBe(403);
        expect((await res.json()).error.code).toBe('forbidden');
      }
    }
  });

  it('records the audit action each route declares, once it succeeded, and nothing when it was refused', async () => {
    const audited = routes.filter((r) => typeof r.audit === 'string');
    expect(audited.map(keyOf).sort()).toEqual([
      'GET /api/quarantine/export.csv', 'GET /api/quarantine/export.xlsx', 'GET /api/reports/inspection.xlsx', 'GET /api/reports/monthly.csv',
      'GET /api/reports/monthly.json', 'GET /api/reports/monthly.xlsx', 'GET /api/violations.csv', 'GET /api/violations.xlsx', 'POST /api/alerts/evaluate',
      'POST /api/backups', 'POST /api/reports/monthly/freeze', 'POST /api/reports/monthly/restate', 'POST /api/sources/:id/run', 'POST /api/subscriptions',
      'PUT /api/alerts/rules/:id',
    ].sort());
    const entries = async () => (await (await call('GET', '/api/audit?limit=1000', { token: tokens.admin })).json()).entries as { action: string; actor: string; target: string }[];
    for (const r of audited) {
      const req = REQUESTS[keyOf(r)]!;
      if (r.roles !== PUBLIC && !r.roles.includes('viewer')) {
        const before = (await entries()).length;
        expect((await call(r.method, req.path, { token: tokens.viewer, body: req.body })).status).toBe(403);
        expect((await entries()).length, `refused ${keyOf(r)}`).toBe(before);
      }
      const ok = await call(r.method, req.path, { token: tokens.admin, body: req.body });
      expect(ok.status, keyOf(r)).toBeLessThan(300);
      const newest = (await entries())[0]!;
      expect(newest, keyOf(r)).toMatchObject({ action: r.audit, actor: 'dic-admin', target: req.path });
    }
  });
});

describe('document scopes', () => {
  const violations = (role: Role, unit: string) => call('GET', `/api/violations?unit=${unit}&period=2020-10`, { token: tokens[role] });

  it('lets an inspector see the documents of its team\'s units and their communes only', async () => {
    expect((await violations('inspector', '380')).status).toBe(200);
    expect((await violations('inspector', '14755')).status).toBe(200);
    expect((await violations('inspector', 'P01')).status).toBe(200);
    const other = await violations('inspector', '398');
    expect(other.status).toBe(403);
    expect((await other.json()).error.message).toContain('team 1');
  });

  it("lets a district account see its own and its communes' documents only", async () => {
    expect((await violations('unit', '380')).status).toBe(200);
    expect((await violations('unit', '14755')).status).toBe(200);
    expect((await violations('unit', '381')).status).toBe(403);
    expect((await violations('unit', 'P01')).status).toBe(403);
  });

  it("gives an inspector its own team's work list only", async () => {
    expect((await call('GET', '/api/reports/inspection.xlsx?team=1&period=2020-10', { token: tokens.inspector })).status).toBe(200);
    expect((await call('GET', '/api/reports/inspection.xlsx?team=3&period=2020-10', { token: tokens.inspector })).status).toBe(403);
    expect((await call('GET', '/api/reports/inspection.xlsx?team=all&period=2020-10', { token: tokens.inspector })).status).toBe(403);
    expect((await call('GET', '/api/reports/inspection.xlsx?team=all&period=2020-10', { token: tokens.viewer })).status).toBe(200);
  });

  it("lists an inspector's own team only (/api/teams), every team for staff", async () => {
    const teamsOf = async (role: Role) => ((await (await call('GET', '/api/teams', { token: tokens[role] })).json()) as { teams: { id: number; unit_codes: string[]; districts: string[] }[] }).teams;
    const own = await teamsOf('inspector');
    expect(own.map((t) => t.id)).toEqual([1]);
    // team 1 holds P01 and district 380, which brings its communes (14755 among them)
    expect(own[0]!.unit_codes).toEqual(expect.arrayContaining(['P01', '380', '14755']));
    expect(own[0]!.districts).toContain('380');
    expect(own[0]!.unit_codes).not.toContain('398');
    expect((await teamsOf('viewer')).map((t) => t.id)).toEqual([1, 2, 3]);
  });

  it('tells every role how fresh the data is, without the sources themselves', async () => {
    const res = await call('GET', '/api/freshness', { token: tokens.unit });
    expect(res.status).toBe(200);
    const body = await res.json() as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['fresh_through', 'last_success_at', 'never_succeeded', 'stale']);
    // the one configured source (a folder) never ran in this test
    expect(body).toMatchObject({ fresh_through: null, never_succeeded: 1, stale: 1 });
  });

  it('lets staff see every unit', async () => {
    for (const role of ['admin', 'viewer'] as const) expect((await violations(role, '381')).status).toBe(200);
  });
});

describe('sessions', () => {
  const signIn = (username: string, password: string) =>
    call('POST', '/api/session', { body: { username, password } });

  it('signs in with a signed HttpOnly SameSite cookie, says who is signed in, and needs the CSRF token to change anything', async () => {
    const res = await signIn('dic-admin', PASSWORD);
    expect(res.status).toBe(200);
    const { csrf_token } = await res.json();
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/cds_session=[^;]+\.[^;]+;/); // value.signature
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const jar = cookie.split(';')[0]!;
    const me = await (await call('GET', '/api/session', { headers: { cookie: jar } })).json();
    expect(me.user).toEqual({ username: 'dic-admin', role: 'admin', team: null, unit: null });
    expect((await call('GET', '/api/ranking?period=2020-10', { headers: { cookie: jar } })).status).toBe(200);
    const noCsrf = await call('POST', '/api/tokens', { headers: { cookie: jar }, body: { username: 'office-viewer' } });
    expect(noCsrf.status).toBe(403);
    expect((await noCsrf.json()).error.code).toBe('csrf');
    const withCsrf = await call('POST', '/api/tokens', { headers: { cookie: jar, 'x-csrf-token': csrf_token }, body: { username: 'office-viewer' } });
    expect(withCsrf.status).toBe(201);
    // a tampered cookie is nobody
    const forged = jar.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await call('GET', '/api/ranking?period=2020-10', { headers: { cookie: forged } })).status).toBe(401);
    // sign out ends the session
    expect((await call('DELETE', '/api/session', { headers: { cookie: jar, 'x-csrf-token': csrf_token } })).status).toBe(200);
    expect((await call('GET', '/api/ranking?period=2020-10', { headers: { cookie: jar } })).status).toBe(401);
  });

  it('throttles failed sign-ins', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('office-viewer', 'wrong')).status).toBe(401);
    const throttled = await signIn('office-viewer', PASSWORD);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('stores no password in clear', async () => {
    const rows = await w.rows<{ password_hash: string }>(`SELECT password_hash FROM users`);
    expect(rows.every((r) => r.password_hash.startsWith('scrypt$') && !r.password_hash.includes(PASSWORD))).toBe(true);
  });
});

describe('freezing', () => {
  it('records the account that froze a period or restated it, signed in or through its token', async () => {
    const res = await call('POST', '/api/session', { body: { username: 'dic-admin', password: PASSWORD } });
    const { csrf_token } = await res.json();
    const jar = res.headers.get('set-cookie')!.split(';')[0]!;
    const frozen = await call('POST', '/api/reports/monthly/freeze?period=2020-07', { headers: { cookie: jar, 'x-csrf-token': csrf_token } });
    expect(frozen.status).toBe(201);
    expect((await frozen.json()).version.frozen_by).toBe('dic-admin');

    // another administrator, through an API token: the token's user is recorded
    await access.store.addUser({ username: 'dic-admin-2', password: PASSWORD, role: 'admin' }, access.teams, access.isUnit);
    const token2 = (await access.store.createToken('dic-admin-2', 'script')).token;
    // a document of July loaded after the freeze: the restatement is version 2
    await w.load([w.file('late.csv', `${CANONICAL_HEADER}\n380,J1,out,9/UBND,,,2020-07-15 08:00,normal,electronic,true,,\n`)]);
    await buildModels(w.db);
    const restated = await call('POST', '/api/reports/monthly/restate?period=2020-07', { token: token2 });
    expect(restated.status).toBe(201);
    expect((await restated.json()).version).toMatchObject({ version: 2, frozen_by: 'dic-admin-2' });

    const stored = await w.rows<{ period: string; version: number; frozen_by: string }>(`SELECT period, version::INTEGER AS version, frozen_by FROM report_freezes WHERE period IN ('2020-07', '2020-08') ORDER BY period, version`);
    expect(stored).toEqual([
      { period: '2020-07', version: 1, frozen_by: 'dic-admin' },
      { period: '2020-07', version: 2, frozen_by: 'dic-admin-2' },
      { period: '2020-08', version: 1, frozen_by: 'dic-admin' },
    ]);
  });
});

describe('API tokens', () => {
  it('act with their user\'s rights until revoked', async () => {
    const created = await (await call('POST', '/api/tokens', { token: tokens.admin, body: { username: 'office-viewer', label: 'planning dept' } })).json();
    expect(created.token).toMatch(/^cds_[0-9a-f]{12}_/);
    expect((await call('GET', '/api/ranking?period=2020-10', { token: created.token })).status).toBe(200);
    expect((await call('GET', '/api/users', { token: created.token })).status).toBe(403);
    const list = await (await call('GET', '/api/tokens', { token: tokens.admin })).json();
    expect(list.tokens.some((t: { token_id: string; label: string }) => t.token_id === created.token_id && t.label === 'planning dept')).toBe(true);
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect((await call('DELETE', `/api/tokens/${created.token_id}`, { token: tokens.admin })).status).toBe(200);
    const revoked = await call('GET', '/api/ranking?period=2020-10', { token: created.token });
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error.code).toBe('invalid_token');
  });
});

describe('audit log and protections', () => {
  it('records sign-ins, failed sign-ins, configuration changes and source runs, for admins only', async () => {
    await call('POST', '/api/sources/drop/run', { token: tokens.admin });
    expect((await call('GET', '/api/quarantine/export.csv?unit=380', { token: tokens.admin })).status).toBe(200);
    const entries = (await (await call('GET', '/api/audit?limit=500', { token: tokens.admin })).json()).entries as { action: string; actor: string; target: string }[];
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['sign_in', 'sign_in_failed', 'sign_out', 'token_created', 'token_revoked', 'user_added', 'source_run', 'export']) expect(actions, a).toContain(a);
    // a download of the rows in quarantine is an export like the workbooks
    expect(entries.some((e) => e.action === 'export' && e.target === '/api/quarantine/export.csv?unit=380')).toBe(true);
    expect((await call('GET', '/api/audit', { token: tokens.viewer })).status).toBe(403);
  });

  it('sends secure headers, limits request bodies, and never answers with a stack trace', async () => {
    const res = await call('GET', '/api/health');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const big = await app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) }, body: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    const bad = await call('POST', '/api/session', { body: { username: 'x' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toMatch(/at .*\.ts:\d+/);
  });
});
