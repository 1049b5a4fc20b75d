// The dashboard across the map changes (issue 17), in Debian's Chromium against the real
// server, over the hand-written exports of test/helpers/map-docs.ts: the ranking of the
// communes from 1/7/2025 and of a period spanning the change says so, a district's page
// after its end links to its successors, a new commune's trend shades the months pooled
// from its predecessors. Signed in through the form; no error banner, no English.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { loadRun } from '../ingest/load.ts';
import { startService, type Service } from '../service.ts';
import { launchChromium, pageText } from './helpers/browser.ts';
import { englishIn } from './helpers/english.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { MAP_DOCS } from './helpers/map-docs.ts';
import { repoRoot } from './helpers/warehouse.ts';
import { quietLog } from './helpers/logs.ts';

const shots = join(repoRoot, 'test-output/screenshots');
const PASSWORD = 'map-changes-test-password';
let service: Service;
let browser: Browser;
let page: Page;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cds-map-ui-'));
  mkdirSync(shots, { recursive: true });
  await build({ configFile: join(repoRoot, 'vite.config.ts'), root: join(repoRoot, 'ui'), logLevel: 'warn', build: { outDir: join(dir, 'ui'), emptyOutDir: true } });
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', DEMO: '0', UI_DIR: join(dir, 'ui'), SETTINGS_FILE: join(repoRoot, 'config/settings.json') });
  service = await startService(config, quietLog);
  await service.access.store.addUser({ username: 'staff', password: PASSWORD, role: 'viewer' }, [1, 2, 3], async () => true);
  const file = join(dir, 'map-docs.csv');
  writeFileSync(file, `${CANONICAL_HEADER}\n${MAP_DOCS.join('\n')}\n`);
  expect(await loadRun(service.ctx, { sourceId: 'map-test', trigger: 'test', files: [{ path: file, name: 'map-docs.csv' }] })).toMatchObject({ status: 'succeeded', quarantined: 0 });
  await service.rebuild();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
  page.on('pageerror', (e) => { throw e; });
  page.on('console', (m) => { if (m.type() === 'error') throw new Error(m.text()); });
  await page.goto(service.url);
  await page.getByLabel('Tên đăng nhập').fill('staff');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#sign-out').waitFor();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});


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
