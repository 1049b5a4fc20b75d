// The set-up every browser test of the dashboard shares: the UI built by Vite into a
// temporary data folder, the real service started on it, Debian's Chromium, and signing in
// through the form as a person does.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { loadConfig } from '../../config.ts';
import { startService, type Service } from '../../service.ts';
import { launchChromium } from './browser.ts';
import { quietLog } from './logs.ts';
import { repoRoot } from './warehouse.ts';

/** Where the browser tests leave their screenshots. */
export const SHOTS = join(repoRoot, 'test-output/screenshots');

export interface Dashboard {
  service: Service;
  /** the service's DATA_DIR, removed by close() */
  dir: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Builds the UI, starts the service on a fresh data folder with `env` over the defaults
 * (port 0, the repository's settings) and waits for its demo load, then launches Chromium.
 */
export async function startDashboard(prefix: string, env: Record<string, string>): Promise<Dashboard> {
  const dir = mkdtempSync(join(tmpdir(), `cds-${prefix}-`));
  mkdirSync(SHOTS, { recursive: true });
  await build({ configFile: join(repoRoot, 'vite.config.ts'), root: join(repoRoot, 'ui'), logLevel: 'warn', build: { outDir: join(dir, 'ui'), emptyOutDir: true } });
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', UI_DIR: join(dir, 'ui'), SETTINGS_FILE: join(repoRoot, 'config/settings.json'), ...env });
  const service = await startService(config, quietLog);
  await service.ready;
  const browser = await launchChromium();
  return {
    service, dir, browser,
    async close() {
      await browser.close();
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the form, as a person does, and waits for the signed-in page. */
export async function signInThroughForm(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#sign-out').waitFor();
}
