// The dashboard on a national warehouse (issue 19; README "National roll-up"), in Debian's
// Chromium against the real server (npm run serve -- --national): two small provinces
// (test/helpers/national.ts) published and rolled up; signed in through the form as the
// administrator; the overview shows the country and the ranking the provinces, in
// Vietnamese, with no error banner. Expected figures worked out by hand from the rows.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { publish } from '../national/publish.ts';
import { rollUp } from '../national/rollup.ts';
import { openNationalWarehouse } from '../national/warehouse.ts';
import { setExpected } from '../national/expect.ts';
import { startNationalService, type NationalService } from '../service.ts';
import { axeViolations, launchChromium, pageText } from './helpers/browser.ts';
import { SHOTS, signInThroughForm } from './helpers/dashboard.ts';
import { englishIn } from './helpers/english.ts';
import { quietLog } from './helpers/logs.ts';
import { AS_OF, provinceWithEveryUnitOn, twoPublishedProvinces } from './helpers/national.ts';
import type { Database } from '../warehouse/database.ts';
import type { TestWarehouse } from './helpers/warehouse.ts';
import { repoRoot } from './helpers/warehouse.ts';

const PASSWORD = 'national-admin-password';
let dir: string;
let service: NationalService;
let browser: Browser;
let page: Page;
let provinces: TestWarehouse[] = [];
let published: { dirA: string; dirB: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cds-national-ui-'));
  mkdirSync(SHOTS, { recursive: true });
  const { a, b, dirA, dirB } = await twoPublishedProvinces(dir);
  provinces = [a, b];
  published = { dirA, dirB };
  const dbPath = join(dir, 'national.duckdb');
  const db = await openNationalWarehouse(dbPath);
  // a pilot of the two provinces (the last test shows the roster's other provinces expected)
  await setExpected(db, ['38', '40']);
  await rollUp(db, [dirA, dirB]);
  db.close();
  await build({ configFile: join(repoRoot, 'vite.config.ts'), root: join(repoRoot, 'ui'), logLevel: 'warn', build: { outDir: join(dir, 'ui'), emptyOutDir: true } });
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', UI_DIR: join(dir, 'ui'), SETTINGS_FILE: join(repoRoot, 'config/settings.json'), DEMO: '0', DEMO_ADMIN_PASSWORD: PASSWORD }, { dbPath });
  service = await startNationalService(config, quietLog);
  browser = await launchChromium();
  ({ page } = await freshPage());
  await signInThroughForm(page, service.url, 'admin', PASSWORD);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  for (const p of provinces) p.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A page of a context of its own (a 1280 px screen, Vietnamese), failing on any script error. */
async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  page.on('console', (m) => { if (m.type() === 'error') throw new Error(m.text()); });
  return { context, page };
}

async function expectClean(label: string, on: Page = page) {
  expect(await on.locator('.state.error, [role=alert]').allInnerTexts(), `${label}: error banner`).toEqual([]);
  expect(englishIn(await pageText(on)), `${label}: English`).toEqual([]);
  expect(await axeViolations(on), `${label}: axe`).toEqual([]);
}

describe('the dashboard on a national warehouse', () => {
  it('shows the country and each level across it on the overview', async () => {
    // the national server is ready: its warehouse answers
    expect((await fetch(`${service.url}/api/ready`)).status).toBe(200);
    await page.goto(`${service.url}/?view=overview&period=2020-10&as_of=${AS_OF}`);
    await page.locator('#areas').waitFor({ timeout: 30_000 });
    const cards = await page.locator('#areas .card').allInnerTexts();
    expect(cards).toHaveLength(4);
    // the country: sent 5 of 6 (83,3 %), signed 4 of 6 (66,7 %), on time 2 of 4 (50,0 %)
    expect(cards[0]).toContain('Toàn quốc');
    expect(cards[0]).toMatch(/Gửi điện tử\s*83,3\s*%/);
    expect(cards[0]).toMatch(/Ký số\s*66,7\s*%/);
    expect(cards[0]).toMatch(/Đúng hạn\s*50,0\s*%/);
    expect(cards[0]).toContain('6 văn bản đi');
    expect(await page.locator('#provinces').innerText()).toContain('Nghệ An: số liệu đến ngày 31/12/2020');
    // a pilot over two provinces says so
    expect(await page.locator('#pilot').innerText()).toBe('Thí điểm: chỉ theo dõi 2 trong 34 tỉnh, thành phố; số liệu toàn quốc và từng cấp chỉ gồm các tỉnh, thành phố được theo dõi.');
    await expect(page.locator('header').innerText()).resolves.toContain('tổng hợp toàn quốc');
    await expectClean('national overview');
    await page.screenshot({ path: join(SHOTS, 'national-overview.png'), fullPage: true });
  });

  it('ranks the provinces', async () => {
    await page.getByRole('link', { name: 'Xếp hạng' }).click();
    await expect.poll(() => page.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBe(2);
    const rows = await page.locator('#ranking-table tbody tr').allInnerTexts();
    // Nghệ An 83,33 % first; Thanh Hóa 58,33 %, first in September (1 place down)
    expect(rows[0]).toContain('Nghệ An');
    expect(rows[0]).toContain('83,33');
    expect(rows[1]).toContain('Thanh Hóa');
    expect(rows[1]).toContain('↓ 1');
    await expect(page.locator('h2').first().innerText()).resolves.toContain('Xếp hạng các tỉnh, thành phố');
    // two provinces ranked: no "10 leading units" to mark
    expect(await page.locator('#ranking-table .star').count()).toBe(0);
    expect(await page.locator('#ranking-explained').innerText()).not.toContain('★');
    expect(await page.locator('#ranking-unpublished').count()).toBe(0);
    expect(await page.locator('#ranking-pilot').innerText()).toContain('Thí điểm: chỉ theo dõi 2 trong 34 tỉnh, thành phố');
    await expectClean('national ranking');
    await page.screenshot({ path: join(SHOTS, 'national-ranking.png'), fullPage: true });
  });

  it('names a province that has not published a month of the period, on the overview and the ranking', async () => {
    // Nghệ An's publication starts in October 2020: September is not published by it
    await page.goto(`${service.url}/?view=overview&period=2020-09&as_of=${AS_OF}`);
    await page.locator('#areas').waitFor({ timeout: 30_000 });
    expect(await page.locator('#unpublished').innerText()).toMatch(/Chưa có số liệu công bố:\s*Nghệ An \(tháng 09\/2020\)/);
    expect(await page.locator('#unpublished').innerText()).not.toContain('Thanh Hóa');
    // its due units count as units without data: the country's figure says incomplete
    expect(await page.locator('#areas .card').first().locator('cds-completeness .counts').innerText()).toMatch(/đơn vị chưa có dữ liệu/);
    await expectClean('national overview, a month unpublished');

    // March 2020: before every level's milestone and before any publication, nothing is due:
    // no card says "Đủ dữ liệu" of nothing, and no province is named as missing a month
    await page.goto(`${service.url}/?view=overview&period=2020-03&as_of=${AS_OF}`);
    await page.locator('#areas').waitFor({ timeout: 30_000 });
    expect(await page.locator('#areas .no-units').allInnerTexts()).toEqual(Array(4).fill('Không có đơn vị phải thực hiện trong kỳ.'));
    expect(await page.locator('#areas cds-completeness').count()).toBe(0);
    expect(await page.locator('#unpublished').count()).toBe(0);
    await expectClean('national overview, before the milestones');
    await page.screenshot({ path: join(SHOTS, 'national-overview-unpublished.png'), fullPage: true });

    await page.goto(`${service.url}/?view=ranking&period=2020-09&as_of=${AS_OF}`);
    await expect.poll(() => page.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBe(2);
    expect(await page.locator('#ranking-unpublished').innerText()).toContain('Nghệ An (tháng 09/2020)');
    // what is ranked is named: provinces, not units
    expect(await page.locator('#ranking-completeness').innerText()).toMatch(/\(2 tỉnh chưa đủ dữ liệu\)/);
    await page.screenshot({ path: join(SHOTS, 'national-ranking-unpublished.png'), fullPage: true });
    // every column in view at 1280 px, the unranked row's words included
    const overflow = await page.locator('#ranking-table').evaluate((el) => {
      const table = el.shadowRoot?.querySelector('table') ?? el.querySelector('table');
      const last = table?.querySelector('thead th:last-child')?.getBoundingClientRect();
      return { lastRight: last ? Math.round(last.right) : -1, viewport: window.innerWidth };
    });
    expect(overflow.lastRight).toBeGreaterThan(0);
    expect(overflow.lastRight).toBeLessThanOrEqual(overflow.viewport);
    // presented for a meeting, in large type: every column still on the screen, the warning too
    await page.locator('#present').click();
    await expect.poll(() => page.locator('cds-ranking').evaluate((el) => el.classList.contains('present'))).toBe(true);
    const presented = await page.locator('#ranking-table').evaluate((el) => {
      const last = el.shadowRoot?.querySelector('thead th:last-child')?.getBoundingClientRect();
      return { lastRight: last ? Math.round(last.right) : -1, viewport: window.innerWidth };
    });
    await page.screenshot({ path: join(SHOTS, 'national-ranking-presented.png') });
    expect(presented.lastRight).toBeGreaterThan(0);
    expect(presented.lastRight).toBeLessThanOrEqual(presented.viewport);
    expect(await page.locator('#ranking-unpublished').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('cds-ranking').evaluate((el) => el.classList.contains('present'))).toBe(false);
    await expectClean('national ranking, a month unpublished');

    // November: neither province published it, so nobody is ranked, and both are named
    await page.goto(`${service.url}/?view=ranking&period=2020-11&as_of=${AS_OF}`);
    await page.locator('#ranking-unpublished').waitFor({ timeout: 30_000 });
    expect(await page.locator('#ranking-unpublished').innerText()).toMatch(/Thanh Hóa \(tháng 11\/2020\); Nghệ An \(tháng 11\/2020\)/);
    expect(await page.locator('#ranking-table').count()).toBe(0);
    await expectClean('national ranking, a month nobody published');
  });

  it('shows a viewer (a ministry analyst\'s account) the same overview and ranking, signed in through the form', async () => {
    await service.access.store.addUser({ username: 'chuyen-vien-bo', password: PASSWORD, role: 'viewer' }, [], async () => false);
    const { context, page: viewer } = await freshPage();
    try {
      await signInThroughForm(viewer, service.url, 'chuyen-vien-bo', PASSWORD);
      await viewer.goto(`${service.url}/?view=overview&period=2020-09&as_of=${AS_OF}`);
      await viewer.locator('#areas').waitFor({ timeout: 30_000 });
      expect(await viewer.locator('#areas .card').count()).toBe(4);
      expect(await viewer.locator('#unpublished').innerText()).toContain('Nghệ An (tháng 09/2020)');
      await expectClean('viewer overview', viewer);
      await viewer.goto(`${service.url}/?view=ranking&period=2020-10&as_of=${AS_OF}`);
      await expect.poll(() => viewer.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBe(2);
      expect((await viewer.locator('#ranking-table tbody tr').allInnerTexts())[0]).toContain('Nghệ An');
      await expectClean('viewer ranking', viewer);
    } finally {
      await context.close();
    }
  });
});

/** A national server of its own under dir/<name>, the publications rolled up (expecting only `expected` when given). */
async function serveNational(name: string, dirs: string[], expected?: string[], prepare?: (db: Database) => Promise<unknown>): Promise<NationalService> {
  const dataDir = join(dir, name);
  mkdirSync(dataDir, { recursive: true });
  const dbPath = join(dataDir, 'national.duckdb');
  const db = await openNationalWarehouse(dbPath);
  if (expected) await setExpected(db, expected);
  await rollUp(db, dirs);
  await prepare?.(db);
  db.close();
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', UI_DIR: join(dir, 'ui'), SETTINGS_FILE: join(repoRoot, 'config/settings.json'), DEMO: '0', DEMO_ADMIN_PASSWORD: PASSWORD }, { dbPath });
  return startNationalService(config, quietLog);
}

describe('the view a visit opens on, a province behind', () => {
  it('opens on the month every province has published through, not on a later month the slowest has not', async () => {
    // Thanh Hóa published as of 30/09/2020 (September only), Nghệ An through October: the
    // last month held is October, but Thanh Hóa's cut-off is before it
    const early = join(dir, 'pub-38-september');
    await publish(provinces[0]!.db, { outDir: early, province: '38', provinceName: 'Thanh Hóa', asOf: '2020-09-30' });
    const behind = await serveNational('behind', [early, published.dirB], ['38', '40']);
    const { context, page: admin } = await freshPage();
    try {
      await signInThroughForm(admin, behind.url, 'admin', PASSWORD);
      await admin.goto(`${behind.url}/?view=overview`);
      await admin.locator('#areas').waitFor({ timeout: 30_000 });
      // opened on October, the view would be wholly after its own cut-off (30/09/2020)
      expect(await admin.locator('main h2').first().innerText()).toMatch(/Tháng 9\/2020.*số liệu đến ngày 30\/09\/2020/s);
      expect(new URL(admin.url()).searchParams.get('period')).toBe('2020-09');
      await expectClean('national overview opened with a province behind', admin);
    } finally {
      await context.close();
      await behind.close();
    }
  });
});

describe('the dashboard on a national warehouse expecting the whole roster', () => {
  it('names the provinces that have not published, says the country is not complete without them, and lists them unranked', async () => {
    // a warehouse of its own, Thanh Hóa alone rolled up: the roster's 33 others have not published
    const roster = await serveNational('roster', [published.dirA]);
    const { context, page: admin } = await freshPage();
    try {
      await signInThroughForm(admin, roster.url, 'admin', PASSWORD);
      // the view a visit opens on, with nothing in the URL: the last month, up to Thanh Hóa's cut-off
      await admin.goto(`${roster.url}/?view=overview`);
      await admin.locator('#areas').waitFor({ timeout: 30_000 });
      expect(await admin.locator('main h2').first().innerText()).toContain('Tháng 10/2020');
      expect(await admin.locator('#unpublished .never-published').innerText()).toMatch(/^33 tỉnh, thành phố chưa công bố số liệu/);
      await admin.goto(`${roster.url}/?view=overview&period=2020-10&as_of=${AS_OF}`);
      await admin.locator('#areas').waitFor({ timeout: 30_000 });
      const note = await admin.locator('#unpublished .never-published').innerText();
      expect(note).toMatch(/^33 tỉnh, thành phố chưa công bố số liệu: Hà Nội, Cao Bằng, /);
      expect(note).toContain('Nghệ An');
      expect(note).not.toContain('Thanh Hóa');
      // every card: not complete, saying why (no card says "no unit is due" of a level the missing provinces have)
      const cards = admin.locator('#areas .card');
      expect(await cards.count()).toBe(4);
      for (const text of await cards.locator('cds-completeness .counts').allInnerTexts()) expect(text).toContain('33 tỉnh, thành phố chưa công bố số liệu');
      expect(await admin.locator('#areas .no-units').count()).toBe(0);
      expect(await admin.locator('#provinces').innerText()).toContain('Thanh Hóa: số liệu đến ngày 31/12/2020');
      expect(await admin.locator('#freshness').innerText()).toContain('Tổng hợp từ số liệu công bố của 1 tỉnh, thành phố (1/34 tỉnh, thành phố đã công bố)');
      await expectClean('national overview, provinces not published', admin);
      await admin.screenshot({ path: join(SHOTS, 'national-overview-roster.png'), fullPage: true });

      await admin.goto(`${roster.url}/?view=ranking&period=2020-10&as_of=${AS_OF}`);
      await expect.poll(() => admin.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBe(34);
      const rows = await admin.locator('#ranking-table tbody tr').allInnerTexts();
      expect(rows[0]).toContain('Thanh Hóa');
      const hanoi = rows.find((r) => r.includes('Hà Nội'))!;
      expect(hanoi).toContain('chưa công bố số liệu');
      expect(await admin.locator('#ranking-table cds-completeness').nth(1).evaluate((el) => el.shadowRoot!.querySelector('.badge')!.getAttribute('aria-label'))).toBe('Chưa đủ dữ liệu: 1 tỉnh, thành phố chưa công bố số liệu');
      expect(await admin.locator('#ranking-completeness').innerText()).toMatch(/^33 tỉnh, thành phố chưa công bố số liệu, \d+ đơn vị chưa có dữ liệu \(34 tỉnh chưa đủ dữ liệu\)/);
      expect(await admin.locator('#ranking-unpublished .never-published').innerText()).toContain('33 tỉnh, thành phố chưa công bố số liệu');
      // the download carries the gap with the figures: the provinces not published, below the rows
      const [csv] = await Promise.all([admin.waitForEvent('download'), admin.locator('#ranking-table').getByRole('button', { name: 'Tải CSV' }).click()]);
      const lines = readFileSync((await csv.path())!, 'utf8').slice(1).trim().split('\r\n');
      expect(lines).toHaveLength(1 + 34 + 1 + 3);
      expect(lines[36]).toMatch(/^33 tỉnh, thành phố chưa công bố số liệu: Hà Nội, Cao Bằng, .*Cà Mau\. Số liệu toàn quốc và từng cấp chưa gồm các tỉnh, thành phố này nên chưa đủ dữ liệu\.$/);
      expect(lines.at(-1)).toMatch(/^33 tỉnh, thành phố chưa công bố số liệu, /);
      expect(lines.find((l) => l.includes(';Hà Nội;'))).toContain('Chưa đủ dữ liệu: 1 tỉnh, thành phố chưa công bố số liệu');
      await expectClean('national ranking, provinces not published', admin);
      await admin.screenshot({ path: join(SHOTS, 'national-ranking-roster.png'), fullPage: true });
    } finally {
      await context.close();
      await roster.close();
    }
  });
});

describe('the dashboard on a national warehouse, a province\'s registry short of communes', () => {
  it('counts the communes the registry lacks as units without data and says so, on the overview and the ranking', async () => {
    // Thanh Hóa complete in August 2025 (a document of every unit); the roster made to expect
    // 170 communes of it: its registry of 166 lacks 4, as a predecessor's registry would
    const whole = await provinceWithEveryUnitOn('2025-08-20');
    provinces.push(whole);
    const pub2025 = join(dir, 'pub-38-2025');
    await publish(whole.db, { outDir: pub2025, province: '38', provinceName: 'Thanh Hóa', asOf: '2025-08-31', from: '2025-08', to: '2025-08' });
    const short = await serveNational('short', [pub2025], ['38'], (db) => db.all("UPDATE national_roster SET communes = 170 WHERE province = '38'"));
    await short.access.store.addUser({ username: 'chuyen-vien-bo', password: PASSWORD, role: 'viewer' }, [], async () => false);
    try {
      for (const [username, password] of [['admin', PASSWORD], ['chuyen-vien-bo', PASSWORD]] as const) {
        const { context, page: p } = await freshPage();
        try {
          await signInThroughForm(p, short.url, username, password);
          await p.goto(`${short.url}/?view=overview&period=2025-08&as_of=2025-08-31`);
          await p.locator('#areas').waitFor({ timeout: 30_000 });
          const country = await p.locator('#areas .card').first().locator('cds-completeness .counts').innerText();
          expect(country).toBe('4 đơn vị chưa có dữ liệu (trong đó 4 xã, phường, đặc khu không có trong danh mục đơn vị đã công bố)');
          // the province behind it, named in the list of provinces
          expect(await p.locator('#provinces .registry').innerText())
            .toBe('danh mục đơn vị cấp xã đã công bố thiếu 4 xã, phường, đặc khu (có 166/170 trong tháng 08/2025); các đơn vị thiếu được tính là chưa có dữ liệu');
          await expectClean(`${username}: national overview, a registry short of communes`, p);
          await p.goto(`${short.url}/?view=ranking&period=2025-08&as_of=2025-08-31`);
          await expect.poll(() => p.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBe(1);
          expect(await p.locator('#ranking-table cds-completeness').first().evaluate((el) => el.shadowRoot!.querySelector('.badge')!.getAttribute('aria-label')))
            .toBe('Chưa đủ dữ liệu: 4 đơn vị chưa có dữ liệu (trong đó 4 xã, phường, đặc khu không có trong danh mục đơn vị đã công bố)');
          expect(await p.locator('#ranking-completeness').innerText()).toMatch(/^4 đơn vị chưa có dữ liệu \(trong đó 4 xã, phường, đặc khu không có trong danh mục đơn vị đã công bố\) \(1 tỉnh chưa đủ dữ liệu\)/);
          await expectClean(`${username}: national ranking, a registry short of communes`, p);
          if (username === 'admin') await p.screenshot({ path: join(SHOTS, 'national-ranking-registry-short.png'), fullPage: true });
        } finally {
          await context.close();
        }
      }
    } finally {
      await short.close();
    }
  });
});
