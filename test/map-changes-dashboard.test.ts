// The dashboard across the map changes (issue 17), in Debian's Chromium against the real
// server, over the hand-written exports of test/helpers/map-docs.ts: the ranking of the
// communes from 1/7/2025 and of a period spanning the change says so, a district's page
// after its end links to its successors, a new commune's trend shades the months pooled
// from its predecessors. Signed in through the form; no error banner, no English.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, startDashboard, signInThroughForm, type Dashboard } from './helpers/dashboard.ts';
import { loadRun } from '../ingest/load.ts';
import type { Service } from '../service.ts';
import { pageText } from './helpers/browser.ts';
import { englishIn } from './helpers/english.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { MAP_DOCS } from './helpers/map-docs.ts';

const shots = SHOTS;
const PASSWORD = 'map-changes-test-password';
let service: Service;
let browser: Browser;
let page: Page;
let dir: string;
let dashboard: Dashboard;

beforeAll(async () => {
  dashboard = await startDashboard('map-ui', { DEMO: '0' });
  ({ service, browser, dir } = dashboard);
  await service.access.store.addUser({ username: 'staff', password: PASSWORD, role: 'viewer' }, [1, 2, 3], async () => true);
  // unit accounts tied to a district that ended on 30/6/2025 and to a commune of the 2025 map
  await service.access.store.addUser({ username: 'tp-thanh-hoa', password: PASSWORD, role: 'unit', unit: '380' }, [1, 2, 3], async () => true);
  await service.access.store.addUser({ username: 'hac-thanh', password: PASSWORD, role: 'unit', unit: '14797' }, [1, 2, 3], async () => true);
  const file = join(dir, 'map-docs.csv');
  writeFileSync(file, `${CANONICAL_HEADER}\n${MAP_DOCS.join('\n')}\n`);
  expect(await loadRun(service.ctx, { sourceId: 'map-test', trigger: 'test', files: [{ path: file, name: 'map-docs.csv' }] })).toMatchObject({ status: 'succeeded', quarantined: 0 });
  await service.rebuild();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
  page.on('pageerror', (e) => { throw e; });
  page.on('console', (m) => { if (m.type() === 'error') throw new Error(m.text()); });
  await signInThroughForm(page, service.url, 'staff', PASSWORD);
}, 300_000);

afterAll(() => dashboard?.close());


async function expectClean(label: string) {
  expect(await page.locator('.state.error, [role=alert]').allInnerTexts(), `${label}: error banner`).toEqual([]);
  expect(englishIn(await pageText(page)), `${label}: English`).toEqual([]);
}

describe('the dashboard on the maps of 2024 and 2025', () => {
  it('ranks the 166 communes in August 2025, and says so', async () => {
    await page.goto(`${service.url}/?view=ranking&period=2025-08&as_of=2025-08-31`);
    await expect.poll(() => page.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBe(166);
    await expect(page.locator('#ranking-map').innerText()).resolves.toContain('Từ ngày 01/07/2025 không còn cấp huyện: bảng xếp hạng là các xã, phường');
    // the level chosen follows the map: the commune level (no district level any more)
    await expect.poll(() => page.locator('#ranking-level').inputValue()).toBe('commune');
    const first = await page.locator('#ranking-table tbody tr').first().innerText();
    expect(first).toContain('Phường Hạc Thành');
    await expectClean('ranking 2025-08');
    await page.screenshot({ path: join(shots, 'map-ranking-2025-08.png'), fullPage: true });
  });

  it('says that a quarter spanning 1/12/2024 is ranked on the map at its end', async () => {
    await page.goto(`${service.url}/?view=ranking&period=2024-Q4&as_of=2024-12-31`);
    await expect.poll(() => page.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBe(26);
    await expect(page.locator('#ranking-map').innerText()).resolves.toContain('Trong kỳ có thay đổi đơn vị hành chính (ngày 01/12/2024)');
    await expectClean('ranking 2024-Q4');
  });

  it('points from Đông Sơn after its end to Thanh Hóa city', async () => {
    await page.goto(`${service.url}/?view=district&code=405&period=2025-01&as_of=2025-01-31`);
    await page.locator('#district-ended').waitFor({ timeout: 30_000 });
    await expect(page.locator('#district-ended').innerText()).resolves.toContain('Đơn vị này đã kết thúc ngày 30/11/2024');
    await page.locator('#district-ended a', { hasText: 'Thành phố Thanh Hóa' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('code')).toBe('380');
    await expectClean('district 405 after its end');
  });

  it('draws a new commune\'s trend with the months of its predecessors shaded', async () => {
    await page.goto(`${service.url}/?view=district&code=14758&period=2025-08&as_of=2025-08-31`);
    await page.locator('cds-chart').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('cds-chart svg, cds-chart canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expectClean('commune 14758');
    await page.screenshot({ path: join(shots, 'map-commune-trend.png'), fullPage: true });
  });

  it('offers in the communes\' ranking the districts of the selected period\'s map: 27, then 26 (June 2025), none from 1/7/2025', async () => {
    const options = () => page.locator('#ranking-district option').allInnerTexts();
    await page.goto(`${service.url}/?view=ranking&period=2024-10&as_of=2024-10-31`);
    await expect.poll(() => page.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBe(27);
    await page.locator('#ranking-level').selectOption('commune');
    // "Toàn tỉnh" and the 27 districts, Đông Sơn among them
    await expect.poll(options, { timeout: 30_000 }).toHaveLength(28);
    expect(await options()).toContain('Huyện Đông Sơn');
    await page.goto(`${service.url}/?view=ranking&period=2025-06&as_of=2025-06-30`);
    await expect.poll(() => page.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBe(26);
    await page.locator('#ranking-level').selectOption('commune');
    await expect.poll(options, { timeout: 30_000 }).toHaveLength(27);
    expect(await options()).not.toContain('Huyện Đông Sơn');
    await page.locator('#ranking-district').selectOption('380');
    await expect.poll(() => page.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expectClean('communes of Thanh Hóa city, 2025-06');
    await page.goto(`${service.url}/?view=ranking&period=2025-08&as_of=2025-08-31`);
    await expect.poll(() => page.locator('#ranking-table tbody tr').count(), { timeout: 30_000 }).toBe(166);
    expect(await page.locator('#ranking-district').count()).toBe(0);
    await expectClean('communes 2025-08');
  });
});

describe('the names of the selected period\'s map (GET /api/units?as_of=)', () => {
  // 14797 was Phường Đông Hải until 30/6/2025; from 1/7/2025 the code is Phường Hạc Thành's
  const title = () => page.locator('h2').first().innerText();

  it('names a 2025 commune reusing an old code as in 2025 on its pages for August 2025', async () => {
    await page.goto(`${service.url}/?view=district&code=14797&period=2025-08&as_of=2025-08-31`);
    await expect.poll(title, { timeout: 30_000 }).toContain('Phường Hạc Thành');
    expect(await pageText(page)).not.toContain('Đông Hải');
    await expectClean('commune 14797, 2025-08');
    await page.goto(`${service.url}/?view=unit&code=14797&period=2025-08&as_of=2025-08-31`);
    await page.locator('#violations-table').waitFor({ timeout: 30_000 });
    expect(await title()).toContain('Phường Hạc Thành: văn bản chưa đạt');
    // G2, sent under Tân Sơn's old code 14788, listed under Hạc Thành (its register's name that month)
    const row = await page.locator('#violations-table tbody tr').first().innerText();
    expect(row).toContain('3/UBND');
    expect(row).toContain('Hạc Thành');
    expect(await pageText(page)).not.toContain('Đông Hải');
    await expectClean('documents of 14797, 2025-08');
    await page.screenshot({ path: join(shots, 'map-commune-2025-names.png'), fullPage: true });
  });

  it('names the same code as the old commune for October 2024', async () => {
    await page.goto(`${service.url}/?view=district&code=14797&period=2024-10&as_of=2024-10-31`);
    await expect.poll(title, { timeout: 30_000 }).toContain('Phường Đông Hải');
    expect(await pageText(page)).not.toContain('Hạc Thành');
    await expectClean('commune 14797, 2024-10');
    await page.goto(`${service.url}/?view=unit&code=14797&period=2024-10&as_of=2024-10-31`);
    await expect.poll(title, { timeout: 30_000 }).toContain('Phường Đông Hải: văn bản chưa đạt');
    expect(await pageText(page)).not.toContain('Hạc Thành');
    await expectClean('documents of 14797, 2024-10');
  });
});

describe('a unit account\'s own page across the map changes', () => {
  let own: Page;
  afterAll(() => own?.context().close());

  it('tells an account tied to an ended district when it ended and names its successors', async () => {
    own = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
    own.on('pageerror', (e) => { throw e; });
    own.on('console', (m) => { if (m.type() === 'error') throw new Error(m.text()); });
    await signInThroughForm(own, service.url, 'tp-thanh-hoa', PASSWORD);
    // June 2025, the map of 26 districts: its rank among them (Đông Thọ's F1, F2: the only district with data)
    await own.goto(`${service.url}/?view=mine&period=2025-06&as_of=2025-06-30`);
    await own.locator('#own-rank').waitFor({ timeout: 30_000 });
    expect(await own.locator('#own-rank').innerText()).toBe('1/26');
    // August 2025: the district is gone
    await own.goto(`${service.url}/?view=mine&period=2025-08&as_of=2025-08-31`);
    await own.locator('#own-ended').waitFor({ timeout: 30_000 });
    const text = await own.locator('#own-ended').innerText();
    expect(text).toContain('Thành phố Thanh Hóa đã kết thúc ngày 30/06/2025: kỳ này đơn vị không còn số liệu riêng');
    expect(text).toContain('Phường Hạc Thành (mã 14797)');
    expect(text).toContain('Phường Hàm Rồng (mã 14758)');
    expect(await own.locator('.state.error, [role=alert]').allInnerTexts()).toEqual([]);
    expect(englishIn(await pageText(own))).toEqual([]);
    await own.screenshot({ path: join(shots, 'map-own-unit-ended.png'), fullPage: true });
  });

  it('ranks a 2025 commune\'s account among the 166 communes of the province', async () => {
    await own.context().clearCookies();
    await signInThroughForm(own, service.url, 'hac-thanh', PASSWORD);
    await own.goto(`${service.url}/?view=mine&period=2025-08&as_of=2025-08-31`);
    await own.locator('#own-rank').waitFor({ timeout: 30_000 });
    // G2, G3: score 3/4, first of the 166
    expect(await own.locator('#own-rank').innerText()).toBe('1/166');
    expect(await own.locator('#own-ranking').innerText()).toContain('Xếp hạng trong 166 xã, phường của tỉnh');
    expect(await own.locator('#own-district-rank').count()).toBe(0);
    expect(await own.locator('h2').first().innerText()).toContain('Phường Hạc Thành');
    expect(await own.locator('.state.error, [role=alert]').allInnerTexts()).toEqual([]);
    expect(englishIn(await pageText(own))).toEqual([]);
  });
});
