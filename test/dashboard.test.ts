// The dashboard, driven in Debian's Chromium against the real server over a loaded
// simulator province. Screenshots of each view go to test-output/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startService, type Service } from '../service.ts';
import { launchChromium } from './helpers/browser.ts';
import { repoRoot } from './helpers/warehouse.ts';

const shots = join(repoRoot, 'test-output/screenshots');
let service: Service;
let browser: Browser;
let page: Page;
let dir: string;

const PASSWORD = 'dashboard-test-password';
const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
let token: string;
const apiJson = async <T>(path: string): Promise<T> => (await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<T>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cds-ui-'));
  mkdirSync(shots, { recursive: true });
  await build({ configFile: join(repoRoot, 'vite.config.ts'), root: join(repoRoot, 'ui'), logLevel: 'warn', build: { outDir: join(dir, 'ui'), emptyOutDir: true } });
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', SIM_SCALE: '0.15', UI_DIR: join(dir, 'ui'), SETTINGS_FILE: join(repoRoot, 'config/settings.json'), DEMO_ADMIN_PASSWORD: PASSWORD });
  service = await startService(config, () => undefined);
  await service.ready;
  token = (await service.access.store.createToken('admin', 'dashboard test')).token;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'vi-VN' });
  page = await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  // the Content-Security-Policy allows no eval and no foreign origin: any violation fails the test
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) throw new Error(m.text()); });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard', () => {
  it('asks to sign in, refuses a wrong password, and signs in', async () => {
    await page.goto(service.url);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('wrong password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Sai tên đăng nhập hoặc mật khẩu');
    await shot('sign-in');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('#sign-out').waitFor();
  });

  it('opens on the overview of the last month with data', async () => {
    await page.goto(service.url);
    await expect.poll(() => page.locator('#areas .card').count(), { timeout: 15_000 }).toBe(4);
    await expect(page.locator('h2').first().textContent()).resolves.toContain('Tháng 12/2021');
    // rates in Vietnamese format, never a bare 0 % for no data
    const text = await page.locator('#areas').innerText();
    expect(text).toMatch(/\d+,\d %/);
    expect(text).toContain('Toàn tỉnh');
    await expect.poll(() => page.locator('#milestones .card').count()).toBe(3);
    await shot('overview');
  });

  it('changes the period through the picker, and the URL follows', async () => {
    await page.locator('#period-kind').selectOption('quarter');
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('2021-Q4');
    await expect.poll(() => page.locator('h2').first().textContent()).toContain('Quý IV/2021');
    await page.locator('#period').selectOption('2021-Q2');
    await expect.poll(() => page.locator('h2').first().textContent()).toContain('Quý II/2021');
  });

  it('shows the 27 districts in the API order', async () => {
    await page.getByRole('link', { name: 'Xếp hạng huyện' }).click();
    await expect.poll(() => page.locator('#ranking-table tbody tr').count(), { timeout: 15_000 }).toBe(27);
    const api = await apiJson<{ districts: { name: string; rank: number | null }[] }>('/api/ranking?period=2021-Q2');
    const names = await page.locator('#ranking-table tbody tr td:nth-child(3)').allInnerTexts();
    expect(names).toEqual(api.districts.map((d) => d.name));
    const ranks = await page.locator('#ranking-table tbody tr td:nth-child(1)').allInnerTexts();
    expect(ranks).toEqual(api.districts.map((d) => (d.rank === null ? 'chưa có dữ liệu' : String(d.rank))));
    await page.locator('cds-chart svg').first().waitFor();
    await shot('ranking');
  });

  it('clicks through to a district and one of its units, sees the violating documents, and downloads a CSV', async () => {
    const api = await apiJson<{ districts: { code: string; name: string }[] }>('/api/ranking?period=2021-Q2');
    const worst = api.districts.filter((d) => d).at(-1)!;
    await page.locator('#ranking-table').getByRole('link', { name: worst.name, exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('district');
    const units = await apiJson<{ units: unknown[] }>('/api/units');
    const communes = (units.units as { parent_code: string }[]).filter((u) => u.parent_code === worst.code).length;
    await expect.poll(() => page.locator('#units-table tbody tr').count(), { timeout: 15_000 }).toBe(1 + communes);
    await page.locator('cds-chart svg').first().waitFor();
    await shot('district');

    await page.locator('#units-table').getByRole('link', { name: worst.name, exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('unit');
    const violations = await apiJson<{ total: number; rows: { number: string }[] }>(`/api/violations?unit=${worst.code}&period=2021-Q2&limit=50`);
    expect(violations.total).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#violations-table tbody tr').count(), { timeout: 15_000 }).toBe(Math.min(50, violations.total));
    expect(await page.locator('#violations-table tbody tr td:nth-child(1)').allInnerTexts()).toEqual(violations.rows.map((r) => r.number));
    await shot('unit');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#violations-table').getByRole('button', { name: 'Tải CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('Số, ký hiệu');
    expect(csv.trim().split('\r\n')).toHaveLength(1 + Math.min(50, violations.total));

    // the back button returns to the district
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('district');
    await expect.poll(() => page.locator('#units-table tbody tr').count()).toBe(1 + communes);
  });

  it('shows the sources and their freshness', async () => {
    await page.getByRole('link', { name: 'Nguồn dữ liệu' }).click();
    await expect.poll(() => page.locator('#sources-table tbody tr').count(), { timeout: 15_000 }).toBe(3);
    expect(await page.locator('#sources-table table').innerText()).toContain('Bình thường');
    await shot('sources');
  });

  it('reproduces a view from its link alone (in the same signed-in session)', async () => {
    const fresh = await page.context().newPage();
    await fresh.goto(`${service.url}/?view=ranking&period=2020-10`);
    await expect.poll(() => fresh.locator('#ranking-table tbody tr').count(), { timeout: 15_000 }).toBe(27);
    expect(await fresh.locator('h2').first().textContent()).toContain('Tháng 10/2020');
    await fresh.close();
  });

  it('signs out', async () => {
    await page.locator('#sign-out').click();
    await page.getByLabel('Tên đăng nhập').waitFor();
    const res = await page.request.get(`${service.url}/api/ranking?period=2020-10`);
    expect(res.status()).toBe(401);
  });
});
