// /api/docs: the API reference (Swagger UI from its npm package) in Debian's Chromium,
// over the real HTTP server: every operation of /api/openapi.json rendered, "Try it out"
// working for a signed-in user, and not one Content-Security-Policy violation, page error
// or console error.
import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { createApp } from '../app.ts';
import { assertDocumentScope } from '../auth/middleware.ts';
import { AccessStore } from '../auth/store.ts';
import { LoginThrottle } from '../auth/throttle.ts';
import { buildModels } from '../analytics/build.ts';
import { reportRoutes } from '../reports/routes.ts';
import { launchChromium } from './helpers/browser.ts';
import { repoRoot, testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';
import { createLogger } from '../log.ts';

const shots = join(repoRoot, 'test-output/screenshots');
const PASSWORD = 'reference page password';

let w: TestWarehouse;
let server: ServerType;
let url: string;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  w = await testWarehouse();
  await buildModels(w.db);
  const store = new AccessStore(w.db);
  const figures = new Figures(w.db, new FigureCache());
  await store.addUser({ username: 'office-viewer', password: PASSWORD, role: 'viewer' }, [1, 2, 3], async () => true);
  const app = createApp({
    version: 't', ctx: w, settings: w.config.settings, figures, log: createLogger({ level: 'error', sink: { write: (line: string) => problems.push(`server: ${line}`) } }), sources: [], runSource: async () => [],
    access: { store, throttle: new LoginThrottle(), secret: 'test-secret-test-secret-test-secret', teams: [1, 2, 3], isUnit: async () => true },
    extraRoutes: [reportRoutes({ figures, ctx: w, settings: w.config.settings, documentGuard: (c, units) => assertDocumentScope(store, c.get('principal'), units) })],
  });
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
  url = `http://127.0.0.1:${port}`;
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // a CSP violation is reported on the console, as an error
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  w?.close();
});

describe('/api/docs', () => {
  it('renders every operation of the OpenAPI document, without signing in, within the CSP', async () => {
    const doc = await (await fetch(`${url}/api/openapi.json`)).json() as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    const res = await page.goto(`${url}/api/docs`);
    expect(res!.status()).toBe(200);
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock').first().waitFor();
    await expect.poll(() => page.locator('.opblock').count()).toBe(operations);
    await expect.poll(() => page.locator('.info .title').textContent()).toContain('Directive 15 monitor API');
    // the tags and an operation as a reader finds them
    await expect.poll(() => page.locator('.opblock-tag').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Figures'), expect.stringContaining('Reports')]));
    const ranking = page.locator('#operations-Figures-get_api_ranking');
    await expect.poll(() => ranking.textContent()).toContain('One level\'s units in rank order');
    // the Vietnamese name of what the route serves, and who may call it
    await ranking.locator('.opblock-summary').click();
    await expect.poll(() => ranking.textContent()).toContain('Xếp hạng theo cấp');
    await expect.poll(() => ranking.textContent()).toContain('Roles: admin, viewer, inspector, unit');
    await page.screenshot({ path: join(shots, 'api-docs.png'), fullPage: false });
    expect(problems).toEqual([]);
  });

  it('lets a signed-in user try an operation: the session cookie goes with it', async () => {
    const signIn = await page.request.post(`${url}/api/session`, { data: { username: 'office-viewer', password: PASSWORD } });
    expect(signIn.status()).toBe(200);
    await page.goto(`${url}/api/docs`, { waitUntil: 'load' });
    const units = page.locator('#operations-Figures-get_api_units');
    await units.locator('.opblock-summary').click();
    await units.locator('.try-out__btn').click();
    await units.locator('.execute').click();
    await expect.poll(() => units.locator('.live-responses-table tr.response .response-col_status').first().textContent()).toContain('200');
    await expect.poll(() => units.locator('.live-responses-table tr.response .response-col_description').first().textContent()).toContain('Thanh Hóa');
    expect(problems).toEqual([]);
  });
});
