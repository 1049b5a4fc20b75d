// Who may see what: every route of the policy against every role and an anonymous
// caller, the document scopes of inspectors and unit accounts, CSRF, the sign-in throttle,
// API tokens and the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { createApp } from '../app.ts';
import { POLICY, PUBLIC_PATHS } from '../auth/policy.ts';
import type { AuthDeps } from '../auth/routes.ts';
import { AccessStore, type Role } from '../auth/store.ts';
import { LoginThrottle } from '../auth/throttle.ts';
import type { Hono } from 'hono';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { assertDocumentScope } from '../auth/middleware.ts';
import { reportRoutes } from '../reports/routes.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

let w: TestWarehouse;
let app: Hono;
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

/** A request that the route accepts when the caller may call it (valid parameters). */
const REQUESTS: Record<string, { path: string; body?: unknown }> = {
  'GET /api/units': { path: '/api/units' },
  'GET /api/data-range': { path: '/api/data-range' },
  'GET /api/rates': { path: '/api/rates?period=2020-10' },
  'GET /api/trend': { path: '/api/trend?area=38&from=2020-01&to=2020-12' },
  'GET /api/ranking': { path: '/api/ranking?period=2020-10' },
  'GET /api/milestones': { path: '/api/milestones' },
  'GET /api/freshness': { path: '/api/freshness' },
  'GET /api/teams': { path: '/api/teams' },
  'GET /api/violations': { path: '/api/violations?unit=380&period=2020-10' },
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
};

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
    version: 't', ctx: w, settings: w.config.settings, figures, access, log: () => undefined,
    sources: [{ id: 'drop', kind: 'folder', path: 'inbox', schedule: '*/5 * * * *', enabled: true }],
    runSource: async () => [],
    extraRoutes: [reportRoutes({ figures, ctx: w, settings: w.config.settings, documentGuard: (c, units) => assertDocumentScope(store, c.get('principal'), units) })],
  });
});
afterAll(() => w.close());

describe('the role matrix', () => {
  it('covers every /api route the app serves', () => {
    const served = app.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !PUBLIC_PATHS.includes(r.path))
      .map((r) => `${r.method} ${r.path}`);
    const listed = new Set(POLICY.map((r) => `${r.method} ${r.path}`));
    expect(served.filter((r) => !listed.has(r))).toEqual([]);
  });

  const rules = POLICY.filter((r) => REQUESTS[`${r.method} ${r.path}`]);
  it.each(rules.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: anonymous 401, allowed roles in, others 403', async (key, rule) => {
    const req = REQUESTS[key]!;
    expect((await call(rule.method, req.path, { body: req.body })).status).toBe(401);
    for (const role of ['admin', 'viewer', 'inspector', 'unit'] as const) {
      const res = await call(rule.method, req.path, { token: tokens[role], body: req.body });
      if (rule.roles.includes(role)) {
        // a scoped route may still refuse a unit outside the caller's scope: checked below
        if (!rule.scoped) expect([200, 201, 404], `${role} ${key}: ${await res.clone().text()}`).toContain(res.status);
        else expect([200, 403], `${role} ${key}`).toContain(res.status);
      } else {
        expect(res.status, `${role} ${key}`).toBe(403);
        expect((await res.json()).error.code).toBe('forbidden');
      }
    }
  });

  it('lists every rule it checks (reports rules are checked in reports tests once mounted)', () => {
    const unchecked = POLICY.filter((r) => !REQUESTS[`${r.method} ${r.path}`]).map((r) => r.path);
    // freezing changes data and has its own tests (reports/freeze.test.ts); backups: test/backup.test.ts
    expect(unchecked.sort()).toEqual(['/api/backups', '/api/backups', '/api/reports/monthly/freeze', '/api/reports/monthly/restate']);
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
