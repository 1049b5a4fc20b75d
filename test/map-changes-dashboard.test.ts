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
});
