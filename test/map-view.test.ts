// The demo runs to today and the dashboard's map (issue 17), in Debian's Chromium against the
// real server and its simulated province: the current month has figures and ranks the 166
// communes of the 2025 map; "Bản đồ" draws the units of the period's map at their points,
// signed in THROUGH THE FORM as each role (administrator, viewer, inspector, a district's
// and a commune's account), with no console error, no error banner and no English.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, startDashboard, signInThroughForm, type Dashboard } from './helpers/dashboard.ts';
import type { Role } from '../auth/store.ts';
import type { Service } from '../service.ts';
import { monthOf } from '../time.ts';
import { pageText } from './helpers/browser.ts';
import { englishIn } from './helpers/english.ts';

const PASSWORD = 'map-view-test-password';
const CURRENT = monthOf(Date.now());
interface Account { username: string; role: Role; team?: number; unit?: string }
const ACCOUNTS: Account[] = [
  { username: 'admin', role: 'admin' },
  { username: 'van-phong', role: 'viewer' },
  { username: 'to-cong-tac-1', role: 'inspector', team: 1 },
  { username: 'tp-thanh-hoa', role: 'unit', unit: '380' },
  { username: 'xa-14755', role: 'unit', unit: '14755' },
];

let service: Service;
let browser: Browser;
let dashboard: Dashboard;
let token: string;
const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return res.json() as Promise<T>;
};

beforeAll(async () => {
  dashboard = await startDashboard('map-view', { SIM_SCALE: '0.1', DEMO_ADMIN_PASSWORD: PASSWORD });
  ({ service, browser } = dashboard);
  const store = service.access.store;
  for (const a of ACCOUNTS.filter((x) => x.role !== 'admin')) {
    await store.addUser({ username: a.username, password: PASSWORD, role: a.role, team: a.team, unit: a.unit }, [1, 2, 3], async (code) => code === '380' || code === '14755');
  }
  token = (await store.createToken('admin', 'map view test')).token;
}, 600_000);
afterAll(() => dashboard?.close());

describe('the demo runs to today', () => {
  it('has figures for the current month, and ranks the 166 communes in it', async () => {
    const range = await api<{ last_month: string }>('/api/data-range');
    expect(range.last_month).toBe(CURRENT);
    const rates = await api<{ area: { out_total: number; units: number } }>(`/api/rates?period=${CURRENT}&area=38`);
    expect(rates.area.out_total).toBeGreaterThan(0);
    const ranking = await api<{ map: { ranked_level: string }; level: string; units: { rank: number | null }[] }>(`/api/ranking?period=${CURRENT}`);
    expect(ranking.map.ranked_level).toBe('commune');
    expect(ranking.level).toBe('commune');
    expect(ranking.units).toHaveLength(166);
    const previous = await api<{ units: { rank: number | null }[] }>(`/api/ranking?period=${monthOf(Date.now() - 35 * 86_400_000)}`);
    // at a tenth of the demo's volume (about 1.4 documents a commune a month) most communes have a score
    expect(previous.units.filter((u) => u.rank !== null).length).toBeGreaterThan(83);
    // the old codes before the changes: the 27 districts ranked in 2024
    expect((await api<{ units: unknown[] }>('/api/ranking?period=2024-10')).units).toHaveLength(27);
  });

  it('counts for their successors the documents that late systems still send under ended codes, with a note', async () => {
    const notes = await api<{ groups: { code: string; unit_code: string; documents: number }[] }>('/api/data-notes?period=2025-Q3&code=unit_ended_counted_for_successor');
    const late = notes.groups.filter((g) => g.code === 'unit_ended_counted_for_successor');
    expect(late.reduce((n, g) => n + g.documents, 0)).toBeGreaterThan(0);
  });
});

async function openMap(page: Page, search: string, label: string): Promise<string[]> {
  await page.goto(`${service.url}/${search}`);
  await page.locator('main h2').first().waitFor({ timeout: 30_000 });
  await expect.poll(() => page.locator('main [role=status]').count(), { timeout: 60_000 }).toBe(0);
  await expect.poll(() => page.locator('cds-map cds-chart svg').count(), { timeout: 30_000 }).toBe(1);
  expect(await page.locator('.state.error, [role=alert]').allInnerTexts(), `${label}: error banner`).toEqual([]);
  expect(englishIn(await pageText(page)), `${label}: English`).toEqual([]);
  await page.screenshot({ path: join(SHOTS, `map-view-${label}.png`), fullPage: true });
  return page.locator('#map-table tbody tr').allInnerTexts();
}

describe('"Bản đồ" for every role', () => {
  for (const account of ACCOUNTS) {
    it(`draws the current month's 166 communes for ${account.username} (${account.role})`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      try {
        await signInThroughForm(page, service.url, account.username, PASSWORD);
        await page.locator('nav.main a', { hasText: 'Bản đồ' }).click();
        await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('map');
        const rows = await openMap(page, `?view=map&period=${CURRENT}`, account.username);
        expect(rows).toHaveLength(166);
        // one symbol per placed unit: every 2025 commune has its coordinates
        const symbols = await page.locator('cds-map cds-chart svg .mark-symbol path').count();
        expect(symbols).toBeGreaterThanOrEqual(166);
        if (account.role === 'admin') {
          // a period on the 2020 map: the 27 districts, each at its communes' mean
          const districts = await openMap(page, '?view=map&period=2021-12', 'admin-2021-12');
          expect(districts).toHaveLength(27);
          expect(districts.every((r) => r.includes('Trung bình vị trí các xã của huyện'))).toBe(true);
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 240_000);
  }
});
