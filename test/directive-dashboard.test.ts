// The received and processed rates, paper sent to the Provincial Office and the cross-check
// as a staff member sees them: Debian's Chromium against the real server over a small
// simulated province (whose exports carry the sender and processing columns, but for Quan
// Sơn's old iOffice), signed in
// through the form. Each view shows the new figures in Vietnamese, without English or an
// error banner (screenshots in test-output/screenshots/directive-*.png).
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, startDashboard, signInThroughForm, type Dashboard } from './helpers/dashboard.ts';
import type { Service } from '../service.ts';
import { pageText } from './helpers/browser.ts';
import { englishIn } from './helpers/english.ts';

const shots = SHOTS;
const PASSWORD = 'directive-dashboard-password';
const PERIOD = '2020-10';
const AS_OF = '2020-10-31';
// paper to the Provincial Office is rare by design (three bodies, now and then): a year of it
const YEAR = '2021';

let service: Service;
let browser: Browser;
let dashboard: Dashboard;
let token: string;
const api = async <T>(path: string): Promise<T> => (await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<T>;

beforeAll(async () => {
  dashboard = await startDashboard('directive', { SIM_SCALE: '0.5', DEMO_ADMIN_PASSWORD: PASSWORD });
  ({ service, browser } = dashboard);
  token = (await service.access.store.createToken('admin', 'directive test')).token;
}, 240_000);

afterAll(() => dashboard?.close());

async function signedIn(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  await signInThroughForm(page, service.url, 'admin', PASSWORD);
  return page;
}

async function open(page: Page, search: string, name: string): Promise<string> {
  await page.goto(`${service.url}/${search}`);
  await page.locator('main h2').first().waitFor({ timeout: 20_000 });
  await expect.poll(() => page.locator('main [role=status]').count(), { timeout: 20_000 }).toBe(0);
  expect(await page.locator('.state.error, [role=alert]').allInnerTexts(), `${name}: error banner`).toEqual([]);
  const text = await pageText(page);
  const english = englishIn(text);
  if (english.length) console.log(name, english, english.map((w) => text.slice(Math.max(0, text.search(new RegExp(w, 'i')) - 120), text.search(new RegExp(w, 'i')) + 80)));
  expect(english, `${name}: English on the page`).toEqual([]);
  await page.screenshot({ path: join(shots, `directive-${name}.png`), fullPage: true });
  return text;
}


const pct = (r: number) => `${(r * 100).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}`;

describe('the new indicators in the dashboard', () => {
  it('the district view shows the received and processed rates of the district and each unit, as the API computes them', async () => {
    const { area } = await api<{ area: { received_electronic_rate: number | null; processed_electronic_rate: number | null } }>(`/api/rates?period=${PERIOD}&as_of=${AS_OF}&area=380`);
    expect(area.received_electronic_rate).not.toBeNull();
    expect(area.processed_electronic_rate).not.toBeNull();
    const page = await signedIn();
    const text = await open(page, `?view=district&code=380&period=${PERIOD}&as_of=${AS_OF}`, 'district');
    expect(text).toContain('nhận điện tử');
    expect(text).toContain('xử lý trên môi trường mạng');
    expect(await page.locator('#district-received').innerText()).toContain(pct(area.received_electronic_rate!));
    expect(await page.locator('#district-processed').innerText()).toContain(pct(area.processed_electronic_rate!));
    const headers = await page.locator('#units-table th').allInnerTexts();
    expect(headers.join('|')).toMatch(/Nhận điện tử.*Xử lý trên môi trường mạng/);
  });

  it('a district whose exports lack the processed column (Quan Sơn\'s old iOffice) shows "chưa ghi nhận" with how many, never 0 %', async () => {
    const { area } = await api<{ area: { processed_electronic_rate: number | null; in_completed_unrecorded: number; received_electronic_rate: number | null } }>(`/api/rates?period=${PERIOD}&as_of=${AS_OF}&area=387`);
    expect(area.processed_electronic_rate).toBeNull();
    expect(area.in_completed_unrecorded).toBeGreaterThan(0);
    expect(area.received_electronic_rate).not.toBeNull();
    const page = await signedIn();
    const text = await open(page, `?view=district&code=387&period=${PERIOD}&as_of=${AS_OF}`, 'district-unrecorded');
    expect(await page.locator('#district-processed').innerText()).toBe('chưa ghi nhận');
    expect(text).toContain(`${area.in_completed_unrecorded.toLocaleString('vi-VN')} văn bản đến đã xử lý xong chưa được ghi nhận hình thức xử lý`);
    expect(await page.locator('#units-table tbody').innerText()).toContain('chưa ghi nhận');
  });

  it('a provincial body that sent paper to the Provincial Office: its violations list those documents, and the cross-check is shown', async () => {
    const check = await api<{ units: { code: string; paper_to_office: number; receipts_on_paper: number }[] }>(`/api/cross-check?period=${YEAR}&as_of=2021-12-31`);
    const body = check.units.find((u) => u.paper_to_office > 0);
    expect(body, 'the demo has a provincial body sending paper to the Provincial Office after its milestone').toBeDefined();
    const page = await signedIn();
    const text = await open(page, `?view=unit&code=${body!.code}&period=${YEAR}&as_of=2021-12-31&reason=paper_to_office`, 'paper-to-office');
    expect(text).toContain('Gửi giấy đến Văn phòng UBND tỉnh');
    expect(await page.locator('#cross-check').innerText()).toContain(`${body!.receipts_on_paper} văn bản giấy`);
    expect(await page.locator('#unit-rates').innerText()).toMatch(/nhận điện tử .*xử lý trên môi trường mạng/);
    // every row listed is a document in the Provincial Office's register
    const rows = page.locator('#violations-table tbody tr');
    expect(await rows.count()).toBe(Math.min(body!.paper_to_office, 50));
    expect(text).toContain('Văn phòng UBND tỉnh');
  });
});
