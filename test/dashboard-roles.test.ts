// The dashboard as every user meets it, in Debian's Chromium against the real server over a
// small simulated province: signed in THROUGH THE FORM as an administrator, a viewer, an
// inspector of team 1, a district's account and a commune's account. On every view each
// one sees no error banner and no English, and axe-core finds no serious or critical
// violation; each role's first page is what it should be (screenshots in
// test-output/screenshots/roles-*.png); phones at 390 × 844 never scroll sideways.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, startDashboard, signInThroughForm, type Dashboard } from './helpers/dashboard.ts';
import type { Role } from '../auth/store.ts';
import type { Service } from '../service.ts';
import { axeViolations, pageText } from './helpers/browser.ts';
import { englishIn } from './helpers/english.ts';

const shots = SHOTS;
const PASSWORD = 'dashboard-roles-password';
// team 1 holds districts 380–389 (and their communes) and bodies P01–P07; 380 is a district of it, 14755 one of its communes
const DISTRICT = '380';
const COMMUNE = '14755';
const PERIOD = '2021-12';
/** each role visits every view it may open, with axe-core on each: minutes on a busy machine */
const ROLE_TIMEOUT = 240_000;

interface Account { username: string; role: Role; team?: number; unit?: string }
const ACCOUNTS: Record<string, Account> = {
  admin: { username: 'admin', role: 'admin' },
  viewer: { username: 'van-phong', role: 'viewer' },
  inspector: { username: 'to-cong-tac-1', role: 'inspector', team: 1 },
  district: { username: 'tp-thanh-hoa', role: 'unit', unit: DISTRICT },
  commune: { username: 'xa-14755', role: 'unit', unit: COMMUNE },
};

let service: Service;
let browser: Browser;
let dir: string;
let dashboard: Dashboard;
let token: string;
const api = async <T>(path: string): Promise<T> => (await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<T>;

beforeAll(async () => {
  dashboard = await startDashboard('roles', { SIM_SCALE: '0.05', DEMO_ADMIN_PASSWORD: PASSWORD });
  ({ service, browser, dir } = dashboard);
  const store = service.access.store;
  const isUnit = async (code: string) => [DISTRICT, COMMUNE].includes(code);
  for (const a of Object.values(ACCOUNTS).filter((x) => x.role !== 'admin')) {
    await store.addUser({ username: a.username, password: PASSWORD, role: a.role, team: a.team, unit: a.unit }, [1, 2, 3], isUnit);
  }
  token = (await store.createToken('admin', 'roles test')).token;
  // November 2021 frozen: staff see "Đã chốt" on it, the others are not told
  const frozen = await fetch(`${service.url}/api/reports/monthly/freeze?period=2021-11`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  expect(frozen.status).toBe(201);
}, 240_000);

afterAll(() => dashboard?.close());

/** A fresh browser (its own cookies), signed in through the form. */
async function signIn(key: keyof typeof ACCOUNTS, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'vi-VN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) throw new Error(m.text()); });
  await signInThroughForm(page, service.url, ACCOUNTS[key]!.username, PASSWORD);
  return { context, page };
}

/** Waits until no view is loading (every Task settled, every chart drawn). */
async function settled(page: Page): Promise<void> {
  await page.locator('main h2').first().waitFor({ timeout: 20_000 });
  await expect.poll(() => page.locator('main [role=status]').count(), { timeout: 20_000 }).toBe(0);
  await expect.poll(() => page.evaluate(() => {
    const charts: Element[] = [];
    const walk = (root: Document | ShadowRoot) => root.querySelectorAll('*').forEach((e) => { if (e.tagName === 'CDS-CHART') charts.push(e); if (e.shadowRoot) walk(e.shadowRoot); });
    walk(document);
    return charts.every((c) => c.shadowRoot?.querySelector('svg'));
  }), { timeout: 20_000 }).toBe(true);
}


/** No error banner, no English, no serious or critical accessibility violation. */
async function checkView(page: Page, label: string): Promise<void> {
  await settled(page);
  const errors = await page.locator('.state.error, [role=alert]').allInnerTexts();
  expect(errors, `${label}: error banner`).toEqual([]);
  const text = await pageText(page);
  expect(englishIn(text), `${label}: English on the page`).toEqual([]);
  // every message a person could be shown is in the catalogue, never the server's own
  expect(text).not.toMatch(/Your account|There is no|Sign in first/);
  const violations = await axeViolations(page);
  expect(violations, `${label}: axe`).toEqual([]);
}

const navLabels = (page: Page) => page.locator('nav.main a').allInnerTexts();

async function visit(page: Page, search: string, label: string) {
  await page.goto(`${service.url}/${search}`);
  await checkView(page, label);
}

/**
 * Chooses a level (and for the communes the district, or checks the one chosen for the
 * account) in the ranking's selector, and checks the table against /api/ranking.
 */
async function expectRankingLevel(page: Page, query: string, level: string, district: string | null, label: string) {
  await page.locator('#ranking-level').selectOption(level);
  if (level === 'commune') {
    if ((await page.locator('#ranking-district').inputValue()) !== (district ?? '')) await page.locator('#ranking-district').selectOption(district ?? '');
    expect(await page.locator('#ranking-district').inputValue()).toBe(district ?? '');
  }
  const units = (await api<{ units: { name: string; rank: number | null }[] }>(`/api/ranking?period=${PERIOD}&as_of=2021-12-31&${query}`)).units;
  const rows = page.locator('#ranking-table tbody tr');
  if (units.some((u) => u.rank !== null)) {
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(units.length);
    const names = await page.locator('#ranking-table tbody tr td:nth-child(3)').allInnerTexts();
    expect(names.map((n) => n.replace(/\s*\(đơn vị của bạn\)$/, ''))).toEqual(units.map((u) => u.name));
  } else {
    await expect.poll(() => page.locator('cds-ranking .state').innerText(), { timeout: 15_000 }).toContain('Chưa có dữ liệu');
  }
  await checkView(page, label);
}

describe('every role through the form', () => {
  it('an administrator lands on the overview, with every view offered and working', async () => {
    const { context, page } = await signIn('admin');
    await checkView(page, 'admin overview');
    expect(new URL(page.url()).searchParams.get('view')).toBe('overview');
    expect(await navLabels(page)).toEqual(['Tổng quan', 'Xếp hạng', 'Bản đồ', 'Nguồn dữ liệu', 'Dữ liệu lỗi', 'Ô trống', 'Cảnh báo', 'Hộp thư đi', 'Nhận tin']);
    await page.screenshot({ path: join(shots, 'roles-admin.png'), fullPage: true });
    for (const v of ['ranking', 'map', 'sources', 'quarantine', 'data-notes', `district&code=${DISTRICT}`, `unit&code=${COMMUNE}`, 'team&code=2', 'alert-rules', 'outbox', 'subscriptions']) await visit(page, `?view=${v}&period=${PERIOD}`, `admin ${v}`);
    await context.close();
  }, ROLE_TIMEOUT);

  it('an administrator ranks every level with the selector: the provincial bodies, the communes of a district, the districts', async () => {
    const { context, page } = await signIn('admin');
    await visit(page, `?view=ranking&period=${PERIOD}`, 'admin ranking');
    // the score's formula, from the scorecard in force (the default: the mean of the three rates)
    expect(await page.locator('#ranking-score').innerText()).toBe('Điểm là trung bình các tỷ lệ có dữ liệu (gửi điện tử, ký số, xử lý đúng hạn).');
    await expectRankingLevel(page, 'level=province', 'province', null, 'admin provincial bodies');
    await expectRankingLevel(page, 'level=commune&district=393', 'commune', '393', 'admin communes of Vĩnh Lộc');
    expect(await page.locator('main h2').first().innerText()).toContain('Xếp hạng các xã, phường, thị trấn của Huyện Vĩnh Lộc');
    await expectRankingLevel(page, 'level=district', 'district', null, 'admin districts');
    await context.close();
  }, ROLE_TIMEOUT);

  it('a viewer lands on the overview; staff see a frozen period marked "Đã chốt"', async () => {
    const { context, page } = await signIn('viewer');
    await checkView(page, 'viewer overview');
    expect(await navLabels(page)).toEqual(['Tổng quan', 'Xếp hạng', 'Bản đồ', 'Nguồn dữ liệu', 'Ô trống', 'Nhận tin']);
    await page.screenshot({ path: join(shots, 'roles-viewer.png'), fullPage: true });
    for (const v of ['ranking', 'map', 'sources', 'data-notes', `district&code=${DISTRICT}`, `unit&code=${DISTRICT}`, 'team&code=1', 'subscriptions']) await visit(page, `?view=${v}&period=${PERIOD}`, `viewer ${v}`);
    const freezes = await api<{ freezes: { period: string; frozen_at: string }[] }>('/api/reports/freezes');
    const frozenAt = new Date(Date.parse(freezes.freezes.find((f) => f.period === '2021-11')!.frozen_at) + 7 * 3_600_000).toISOString().slice(0, 10).split('-').reverse().join('/');
    await visit(page, '?view=overview&period=2021-11', 'viewer frozen overview');
    expect(await page.locator('main h2').first().innerText()).toContain(`Đã chốt ngày ${frozenAt}`);
    await visit(page, '?view=ranking&period=2021-10', 'viewer unfrozen ranking');
    expect(await page.locator('main h2').first().innerText()).not.toContain('Đã chốt');
    await context.close();
  }, ROLE_TIMEOUT);

  it("an inspector of team 1 lands on its team: its units in priority order and the team's work list; no sources offered", async () => {
    const { context, page } = await signIn('inspector');
    await checkView(page, 'inspector team');
    expect(new URL(page.url()).searchParams.get('view')).toBe('team');
    expect(await navLabels(page)).toEqual(['Tổ công tác số 1', 'Tổng quan', 'Xếp hạng', 'Bản đồ', 'Nhận tin']);
    // the demo runs to today: the team as it stood in the period checked below
    await visit(page, `?view=team&period=${PERIOD}`, `inspector team ${PERIOD}`);
    await page.screenshot({ path: join(shots, 'roles-inspector.png'), fullPage: true });
    await page.screenshot({ path: join(shots, 'roles-inspector-top.png') });
    // every unit of the team, in the server's priority order (GET /api/teams/1/priority)
    const team = (await api<{ teams: { id: number; unit_codes: string[] }[] }>('/api/teams')).teams.find((t) => t.id === 1)!;
    const rows = page.locator('#team-units tbody tr');
    await expect.poll(() => rows.count()).toBe(team.unit_codes.length);
    const table = await page.locator('#team-units').evaluate((el) => (el as unknown as { exportTable(): { columns: { label: string }[]; rows: (string | number | null)[][] } }).exportTable());
    const col = (label: string) => table.columns.findIndex((c) => c.label === label);
    const priority = await api<{ units: { code: string; violating_documents: number; needs_check: boolean }[] }>(`/api/teams/1/priority?period=${PERIOD}&as_of=2021-12-31`);
    expect(table.rows.map((r) => r[col('Mã đơn vị')])).toEqual(priority.units.map((u) => u.code));
    expect(table.rows.map((r) => r[col('Văn bản chưa đạt')])).toEqual(priority.units.map((u) => u.violating_documents));
    expect(table.rows.map((r) => r[col('Cần kiểm tra')] === 'Cần kiểm tra')).toEqual(priority.units.map((u) => u.needs_check));
    // the first unit needing a check is named on the first line
    expect(await rows.first().innerText()).toContain(String(table.rows[0]![col('Đơn vị')]));
    if (priority.units[0]!.needs_check) expect(await rows.first().innerText()).toContain('Cần kiểm tra');
    // the work list of team 1, for the period and cut-off shown, downloads
    const href = await page.locator('#work-list').getAttribute('href');
    expect(href).toBe(`/api/reports/inspection.xlsx?team=1&period=${PERIOD}&as_of=2021-12-31`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#work-list').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    for (const v of ['overview', 'ranking', 'map', `district&code=${DISTRICT}`, `unit&code=${COMMUNE}`, 'subscriptions']) await visit(page, `?view=${v}&period=${PERIOD}`, `inspector ${v}`);
    // a unit of another team: its figures' page says so, and asks nothing the server would refuse
    await visit(page, `?view=unit&code=398&period=${PERIOD}`, 'inspector other team unit');
    // a view it may not use is not offered, and says so without an error
    await visit(page, `?view=sources&period=${PERIOD}`, 'inspector sources');
    expect(await page.locator('main').innerText()).toContain('Trang này không dành cho tài khoản của bạn');
    await context.close();
  }, ROLE_TIMEOUT);

  it('a district account lands on its own page: rank, score and movement; its row is marked in the ranking', async () => {
    const { context, page } = await signIn('district');
    await checkView(page, 'district mine');
    expect(new URL(page.url()).searchParams.get('view')).toBe('mine');
    expect(await navLabels(page)).toEqual(['Đơn vị của tôi', 'Tổng quan', 'Xếp hạng', 'Bản đồ', 'Nhận tin']);
    // the demo runs to today, and the districts ended on 30/6/2025: the page says so and links its successors
    expect(await page.locator('#own-ended').innerText()).toContain('đã kết thúc ngày 30/06/2025');
    expect(await page.locator('#own-ended .successor a').count()).toBeGreaterThan(1);
    await visit(page, `?view=mine&period=${PERIOD}`, `district mine ${PERIOD}`);
    await page.screenshot({ path: join(shots, 'roles-district.png'), fullPage: true });
    const ranking = await api<{ units: { code: string; name: string; rank: number | null; previous_rank: number | null; score: number | null }[] }>(`/api/ranking?period=${PERIOD}&as_of=2021-12-31`);
    const own = ranking.units.find((d) => d.code === DISTRICT)!;
    expect(own.rank).not.toBeNull();
    expect(await page.locator('#own-rank').innerText()).toBe(`${own.rank}/27`);
    expect(await page.locator('#own-score').innerText()).toBe(`${(own.score! * 100).toFixed(2).replace('.', ',')}\u00a0%`);
    const moved = own.previous_rank === null ? '—' : own.previous_rank > own.rank! ? `↑ ${own.previous_rank - own.rank!}` : own.previous_rank < own.rank! ? `↓ ${own.rank! - own.previous_rank}` : '=';
    expect(await page.locator('#own-movement').innerText()).toContain(moved);
    // its violating documents are on the page
    const violations = await api<{ total: number }>(`/api/violations?unit=${DISTRICT}&period=${PERIOD}&as_of=2021-12-31&limit=1`);
    if (violations.total > 0) {
      await expect.poll(() => page.locator('#violations-table tbody tr').count()).toBe(Math.min(50, violations.total));
      // and all of them download, not only the page on screen: CSV for a Vietnamese Excel
      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#violations-csv').click()]);
      expect(csv.suggestedFilename()).toBe(`van-ban-chua-dat-${DISTRICT}-${PERIOD}-den-2021-12-31.csv`);
      const lines = readFileSync((await csv.path())!, 'utf8').slice(1).trim().split('\r\n');
      expect(lines).toHaveLength(1 + violations.total);
      expect(lines[1]).toMatch(/;\d{2}\/\d{2}\/\d{4} \d{2}:\d{2};/);
      expect(lines.join('\n')).not.toMatch(/https?:/);
    } else expect(await page.locator('cds-unit .state').innerText()).toContain('Không có văn bản chưa đạt trong kỳ này');

    await visit(page, `?view=ranking&period=${PERIOD}`, 'district ranking');
    const marked = page.locator('#ranking-table tbody tr.own');
    expect(await marked.count()).toBe(1);
    expect(await marked.innerText()).toContain(own.name);
    for (const v of ['overview', 'map', `district&code=${DISTRICT}`, `unit&code=${COMMUNE}`, 'subscriptions']) await visit(page, `?view=${v}&period=${PERIOD}`, `district ${v}`);
    await context.close();
  }, ROLE_TIMEOUT);

  it("a commune account lands on its own page: its rates against its level and the province, and its district's rank", async () => {
    const { context, page } = await signIn('commune');
    await checkView(page, 'commune mine');
    expect(new URL(page.url()).searchParams.get('view')).toBe('mine');
    // the demo runs to today: the commune ended on 30/6/2025, and its page says where its figures went
    expect(await page.locator('#own-ended').innerText()).toContain('đã kết thúc ngày 30/06/2025');
    await visit(page, `?view=mine&period=${PERIOD}`, `commune mine ${PERIOD}`);
    await page.screenshot({ path: join(shots, 'roles-commune.png'), fullPage: true });
    const lines = await page.locator('#own-rates tbody tr td:first-child').allInnerTexts();
    expect(lines.map((l) => l.replace(/^Phạm vi\s*/, ''))).toEqual([expect.any(String), expect.stringMatching(/^Cấp xã/), 'Toàn tỉnh']);
    const rates = await api<{ units: { sent_electronic_rate: number | null }[] }>(`/api/rates?period=${PERIOD}&as_of=2021-12-31&unit=${COMMUNE}`);
    const shown = await page.locator('#own-rates tbody tr').first().locator('td').nth(1).innerText();
    const r = rates.units[0]!.sent_electronic_rate;
    expect(shown).toBe(r === null ? '—' : `${(r * 100).toFixed(1).replace('.', ',')}\u00a0%`);
    // its own ranks: among its district's communes, among the province's, and its district's
    const level = async (q: string) => (await api<{ units: { code: string; rank: number | null }[] }>(`/api/ranking?period=${PERIOD}&as_of=2021-12-31&${q}`)).units;
    const rankText = (units: { code: string; rank: number | null }[], code: string, of: number) => {
      const rank = units.find((u) => u.code === code)!.rank;
      return rank === null ? 'chưa xếp hạng' : `${rank}/${of}`;
    };
    const inDistrict = await level(`level=commune&district=${DISTRICT}`);
    expect(await page.locator('#own-rank').innerText()).toBe(rankText(inDistrict, COMMUNE, inDistrict.length));
    expect(await page.locator('#own-rank-province').innerText()).toBe(rankText(await level('level=commune'), COMMUNE, 559));
    expect(await page.locator('#own-district-rank').innerText()).toBe(rankText(await level('level=district'), DISTRICT, 27));
    expect(await page.locator('#own-ranking').innerText()).toContain(`Xếp hạng trong ${inDistrict.length} xã của Thành phố Thanh Hóa`);
    for (const v of ['overview', 'ranking', 'map', `district&code=${DISTRICT}`, `unit&code=${COMMUNE}`, 'subscriptions']) await visit(page, `?view=${v}&period=${PERIOD}`, `commune ${v}`);
    // the communes' ranking opens on its own district, its row marked
    await visit(page, `?view=ranking&period=${PERIOD}`, 'commune ranking');
    await expectRankingLevel(page, `level=commune&district=${DISTRICT}`, 'commune', DISTRICT, 'commune ranking of its district');
    const marked = page.locator('#ranking-table tbody tr.own');
    expect(await marked.count()).toBe(1);
    expect(await marked.innerText()).toContain((await api<{ units: { code: string; name: string }[] }>('/api/units')).units.find((u) => u.code === COMMUNE)!.name);
    await context.close();
  }, ROLE_TIMEOUT);
});

describe('ranking for a meeting, cut-off, downloads', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => ({ context, page } = await signIn('viewer')));
  afterAll(() => context.close());

  it('stars the top 10, chooses the chart axis from the data, and presents full screen in large type until Esc', async () => {
    await visit(page, `?view=ranking&period=${PERIOD}`, 'ranking');
    const ranking = await api<{ units: { rank: number | null; score: number | null; short_name: string }[] }>(`/api/ranking?period=${PERIOD}&as_of=2021-12-31`);
    // the bars in rank order, best on top
    const names = new Set(ranking.units.map((d) => d.short_name));
    const labels = (await page.locator('cds-chart .role-axis-label text').allTextContents()).filter((t) => names.has(t));
    expect(labels).toEqual(ranking.units.filter((d) => d.score !== null).map((d) => d.short_name));
    const stars = page.locator('#ranking-table .star');
    expect(await stars.count()).toBe(ranking.units.filter((d) => d.rank !== null && d.rank <= 10).length);
    await expect.poll(() => stars.first().isVisible()).toBe(true);
    // the axis starts below the lowest score, not at 0 when every district is far above it
    const lowest = Math.min(...ranking.units.filter((d) => d.score !== null).map((d) => d.score!));
    const title = await page.locator('cds-chart text').filter({ hasText: 'Điểm' }).first().textContent();
    if (lowest > 0.1) expect(title).toMatch(/trục bắt đầu từ \d+\u00a0%/);
    // each bar carries its value, in Vietnamese
    expect(await page.locator('cds-chart text').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+,\d\u00a0%$/)]));

    await page.screenshot({ path: join(shots, 'ranking-chart.png') });
    await page.locator('#present').click();
    await expect.poll(() => page.locator('cds-ranking').evaluate((el) => el.classList.contains('present'))).toBe(true);
    await page.locator('cds-chart svg').first().waitFor();
    await page.screenshot({ path: join(shots, 'ranking-presentation.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('cds-ranking').evaluate((el) => el.classList.contains('present'))).toBe(false);
  });

  it('defaults the cut-off to the end of the period, says it in the title, and keeps a chosen one in the URL', async () => {
    await visit(page, `?view=overview&period=${PERIOD}`, 'overview');
    expect(await page.locator('main h2').first().innerText()).toContain('số liệu đến ngày 31/12/2021');
    expect(await page.locator('#as-of').inputValue()).toBe('2021-12-31');
    await page.locator('#as-of').fill('2021-12-15');
    await page.locator('#as-of').dispatchEvent('change');
    await expect.poll(() => new URL(page.url()).searchParams.get('as_of')).toBe('2021-12-15');
    await expect.poll(() => page.locator('main h2').first().innerText()).toContain('số liệu đến ngày 15/12/2021');
    // days since a milestone count to the end of the period shown (1/7/2020 → 31/12/2021)
    expect(await page.locator('#milestones').innerText()).toContain('đã qua mốc 548 ngày');
    // a period before the districts' milestone says why, with the baseline
    await visit(page, '?view=overview&period=2020-06', 'overview before milestone');
    expect(await page.locator('#areas').innerText()).toContain('Trước mốc 01/07/2020 — số liệu nền');
  });

  it('downloads a table as XLSX (numbers as numbers, percent formats) and as CSV for a Vietnamese Excel', async () => {
    await visit(page, `?view=ranking&period=${PERIOD}`, 'ranking');
    const ranking = await api<{ units: { name: string; score: number | null; sent_electronic_rate: number | null }[] }>(`/api/ranking?period=${PERIOD}&as_of=2021-12-31`);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('#ranking-table').getByRole('button', { name: 'Tải Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toBe(`xep-hang-${PERIOD}-den-2021-12-31.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(readFileSync((await xlsx.path())!)).buffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual(['Hạng', 'So với kỳ trước', 'Đơn vị', 'Dữ liệu', 'Gửi điện tử', 'Ký số', 'Đúng hạn', 'Điểm', 'Văn bản đi', 'Đến quá hạn']);
    const first = ws.getRow(4);
    expect(first.getCell(3).value).toBe(ranking.units[0]!.name);
    expect(first.getCell(8).value).toBe(ranking.units[0]!.score);
    expect(first.getCell(8).numFmt).toBe('0.0%');
    expect(typeof first.getCell(9).value).toBe('number');
    // 27 districts, a blank row, then the page's notes: the score's formula and how complete the figures are
    expect(ws.rowCount).toBe(3 + 27 + 1 + 2);
    expect(ws.getRow(31).getCell(1).value).toBeNull();
    expect(String(ws.getRow(32).getCell(1).value)).toMatch(/^Điểm /);
    expect(ws.getRow(33).getCell(1).value).toBe(await page.locator('#ranking-completeness').innerText());

    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#ranking-table').getByRole('button', { name: 'Tải CSV' }).click()]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(28 + 1 + 2);
    expect(lines[28]).toBe('');
    expect(lines.at(-1)!.replace(/^"|"$/g, '')).toBe(await page.locator('#ranking-completeness').innerText());
    expect(lines[0]).toBe('Hạng;So với kỳ trước;Đơn vị;Dữ liệu;Gửi điện tử;Ký số;Đúng hạn;Điểm;Văn bản đi;Đến quá hạn');
    const rate = ranking.units[0]!.sent_electronic_rate;
    expect(lines[1]!.split(';')[4]).toBe(rate === null ? '' : `${(rate * 100).toFixed(2).replace('.', ',')} %`);
  });

  it('reaches every link, button and field of the ranking by keyboard', async () => {
    await visit(page, `?view=ranking&period=${PERIOD}`, 'ranking');
    const targets = await page.evaluate(() => {
      const found: Element[] = [];
      const walk = (root: Document | ShadowRoot) => root.querySelectorAll('*').forEach((e) => {
        if (e.matches('a[href], button:not([disabled]), select, input')) found.push(e);
        if (e.shadowRoot) walk(e.shadowRoot);
      });
      walk(document);
      (window as unknown as { __targets: Element[] }).__targets = found;
      return found.length;
    });
    const reached = new Set<number>();
    for (let i = 0; i < targets + 10; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => {
        let a: Element | null = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return (window as unknown as { __targets: Element[] }).__targets.indexOf(a!);
      });
      if (at >= 0) reached.add(at);
    }
    expect(reached.size).toBe(targets);
  });
});

describe('phones (390 × 844)', () => {
  it('shows the own unit, the overview and the ranking without sideways scrolling, "%" never apart from its number', async () => {
    const { context, page } = await signIn('district', { width: 390, height: 844 });
    for (const [view, name] of [['mine', 'phone-own-unit'], ['overview', 'phone-overview'], ['ranking', 'phone-ranking']] as const) {
      await visit(page, `?view=${view}&period=${PERIOD}`, `phone ${view}`);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: document.scrollingElement!.clientWidth }));
      expect(scrollWidth, `${view}: page wider than the phone`).toBeLessThanOrEqual(clientWidth);
      // a rate is written with a no-break space: "87,0 %" never wraps before its %
      expect(await pageText(page)).not.toMatch(/\d,\d %/);
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    }
    await context.close();
  });
});

describe('alerts in the dashboard (the demo, without SMTP_URL)', () => {
  interface Outbox { smtp: boolean; messages: { message_id: string; subject: string; status: string; eml_file: string | null; target: string }[] }

  it("writes the demo's messages as .eml files (Vietnamese subject and body, encoded headers), listed in the administrator's outbox", async () => {
    let outbox: Outbox = { smtp: true, messages: [] };
    await expect.poll(async () => {
      outbox = await api<Outbox>('/api/outbox');
      return outbox.messages.length > 0 && outbox.messages.every((m) => m.status === 'sent');
    }, { timeout: 30_000 }).toBe(true);
    expect(outbox.smtp).toBe(false);
    const files = readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml')).sort();
    expect(files).toEqual(outbox.messages.map((m) => m.eml_file).sort());
    for (const m of outbox.messages) {
      const raw = readFileSync(join(dir, 'outbox', m.eml_file!));
      // headers are ASCII, the Vietnamese subject encoded (RFC 2047), the body UTF-8
      expect(raw.subarray(0, raw.indexOf('\r\n\r\n')).every((b) => b < 128)).toBe(true);
      expect(raw.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?/m);
      const mail = await simpleParser(raw);
      expect(mail.subject).toBe(m.subject);
      expect(mail.subject).toMatch(/^\[Chỉ thị 15\] (Cảnh báo|Đã hết cảnh báo): /);
      expect(mail.subject).toBe(mail.subject!.normalize('NFC'));
      expect(mail.text).toContain('Kính gửi admin,');
      expect(englishIn(`${mail.subject} ${mail.text!.replace(/https?:\/\/\S+/g, '')}`)).toEqual([]);
      expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)!.text).toBe('quan-tri@chithi15.local');
    }
    const { context, page } = await signIn('admin');
    await visit(page, `?view=outbox&period=${PERIOD}`, 'admin outbox');
    await expect.poll(() => page.locator('#outbox-table tbody tr').count()).toBe(outbox.messages.length);
    expect(await page.locator('#outbox-table tbody').innerText()).toContain(outbox.messages[0]!.subject);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#outbox-table a', { hasText: 'Tải tệp .eml' }).first().click()]);
    const saved = readFileSync((await download.path())!);
    expect(files.map((f) => readFileSync(join(dir, 'outbox', f)).equals(saved))).toContain(true);
    await page.screenshot({ path: join(shots, 'alerts-outbox.png'), fullPage: true });
    await visit(page, `?view=alert-rules&period=${PERIOD}`, 'admin alert rules');
    expect(await page.locator('#rules-table tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'alerts-rules.png'), fullPage: true });
    await context.close();
  });

  it('an inspector subscribes through the form, in its own page', async () => {
    const { context, page } = await signIn('inspector');
    await visit(page, `?view=subscriptions&period=${PERIOD}`, 'inspector subscriptions');
    await page.getByLabel('Địa chỉ thư điện tử').fill('to-cong-tac-1@chithi15.local');
    await page.getByLabel('Cách gửi').selectOption('digest');
    await page.getByLabel('Giờ gửi (giờ Việt Nam)').selectOption('7');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await expect.poll(() => page.locator('#subscriptions-table tbody tr').count()).toBe(1);
    expect(await page.locator('#subscriptions-table tbody').innerText()).toContain('Tổng hợp hằng ngày lúc 7:00');
    await checkView(page, 'inspector subscribed');
    await page.screenshot({ path: join(shots, 'alerts-subscriptions.png'), fullPage: true });
    await context.close();
  });
});

describe('the administrator\'s "Cảnh báo" form: rate_below over N days, rank_drop of one level', () => {
  interface Rules { rules: Record<string, unknown>[] }

  it('adds both rules through the form (a refused value said in Vietnamese), and GET /api/alerts/rules reads them back', async () => {
    const { context, page } = await signIn('admin');
    await visit(page, `?view=alert-rules&period=${PERIOD}`, 'admin alert rules form');
    const form = page.locator('cds-alert-rules form');
    const field = (label: string) => form.getByLabel(label, { exact: true });
    // a select's name also holds its chosen option's text
    const choice = (label: string) => form.getByLabel(label);
    // rate_below (the form's first kind): signed rate below 80 % on 3 consecutive days with documents
    await field('Mã quy tắc').fill('ky-so-3-ngay');
    await field('Tên').fill('Ký số dưới 80 % ba ngày liền');
    await choice('Chỉ số').selectOption('signed_rate');
    await field('Ngưỡng (%)').fill('80');
    // 40 days: the API refuses it (1–31), and the page says why in Vietnamese
    await field('Số ngày liên tiếp').fill('40');
    await form.getByRole('button', { name: 'Lưu quy tắc' }).click();
    const banner = page.locator('cds-alert-rules [role=alert]');
    await expect.poll(() => banner.count()).toBe(1);
    const refused = await banner.innerText();
    expect(refused).toContain('Quy tắc chưa được lưu.');
    expect(refused).toContain('từ 1 đến 31 ngày có văn bản liên tiếp');
    expect(englishIn(refused)).toEqual([]);
    expect((await api<Rules>('/api/alerts/rules')).rules.map((r) => r['id'])).not.toContain('ky-so-3-ngay');
    await field('Số ngày liên tiếp').fill('3');
    await form.getByRole('button', { name: 'Lưu quy tắc' }).click();
    await expect.poll(() => page.locator('cds-alert-rules .notice').innerText()).toBe('Đã lưu quy tắc "Ký số dưới 80 % ba ngày liền".');
    await checkView(page, 'admin rate_below rule saved');
    // rank_drop: the communes only, two places
    await choice('Loại').selectOption('rank_drop');
    await field('Mã quy tắc').fill('xa-tut-2-bac');
    await field('Tên').fill('Xã, phường tụt từ 2 bậc');
    await field('Số bậc tụt').fill('2');
    expect(await form.innerText()).toContain('xếp hạng các huyện (từ 1/7/2025 các xã, phường) và các cơ quan cấp tỉnh');
    await choice('Cấp xếp hạng').selectOption('commune');
    await form.getByRole('button', { name: 'Lưu quy tắc' }).click();
    await expect.poll(() => page.locator('cds-alert-rules .notice').innerText()).toBe('Đã lưu quy tắc "Xã, phường tụt từ 2 bậc".');
    await checkView(page, 'admin rank_drop rule saved');
    const rules = (await api<Rules>('/api/alerts/rules')).rules;
    const { updated_at: _a, ...rate } = rules.find((r) => r['id'] === 'ky-so-3-ngay')!;
    expect(rate).toEqual({ id: 'ky-so-3-ngay', kind: 'rate_below', name: 'Ký số dưới 80 % ba ngày liền', enabled: true, metric: 'signed_rate', threshold: 0.8, days: 3, origin: 'api', updated_by: 'admin' });
    const { updated_at: _b, ...rank } = rules.find((r) => r['id'] === 'xa-tut-2-bac')!;
    expect(rank).toEqual({ id: 'xa-tut-2-bac', kind: 'rank_drop', name: 'Xã, phường tụt từ 2 bậc', enabled: true, places: 2, level: 'commune', origin: 'api', updated_by: 'admin' });
    // the rules' table says what each watches
    const table = await page.locator('#rules-table tbody').innerText();
    expect(table).toContain('Tỉ lệ ký số dưới 80\u00a0% trong 3 ngày có văn bản liên tiếp');
    expect(table).toContain('Tụt từ 2 bậc trở lên so với tháng trước, cấp xã');
    await page.screenshot({ path: join(shots, 'alerts-rules-form.png'), fullPage: true });
    for (const id of ['ky-so-3-ngay', 'xa-tut-2-bac']) {
      expect((await fetch(`${service.url}/api/alerts/rules/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    await context.close();
  }, ROLE_TIMEOUT);

  it('sets a rate rule\'s levels by the month\'s map (levelsByMap) through the form; after a reload the table says them; a tampered level is refused in Vietnamese', async () => {
    const { context, page } = await signIn('admin');
    await visit(page, `?view=alert-rules&period=${PERIOD}`, 'admin alert rules levelsByMap');
    const form = page.locator('cds-alert-rules form');
    const field = (label: string) => form.getByLabel(label, { exact: true });
    const byMap = form.locator('#levels-by-map');
    const box = (map: string, level: string) => byMap.getByRole('group', { name: map }).getByRole('checkbox', { name: level, exact: true });
    expect(await byMap.getByRole('group').count()).toBe(2);
    // the map from 1/7/2025 has no districts: no box for them
    expect(await byMap.getByRole('group', { name: 'Từ 1/7/2025' }).getByRole('checkbox').count()).toBe(2);
    await field('Mã quy tắc').fill('gui-dien-tu-theo-ban-do');
    await field('Tên').fill('Gửi điện tử dưới 85 % theo bản đồ');
    await form.getByLabel('Chỉ số').selectOption('sent_electronic_rate');
    await field('Ngưỡng (%)').fill('85');
    await box('Đến 30/6/2025', 'cấp huyện').check();
    await box('Từ 1/7/2025', 'cấp xã').check();
    await box('Từ 1/7/2025', 'cấp tỉnh').check();
    // a level the API does not know (a tampered page): refused, and the page says why in Vietnamese
    await box('Đến 30/6/2025', 'cấp huyện').evaluate((el) => { (el as HTMLInputElement).value = 'ward'; });
    await form.getByRole('button', { name: 'Lưu quy tắc' }).click();
    const banner = page.locator('cds-alert-rules [role=alert]');
    await expect.poll(() => banner.count()).toBe(1);
    const refused = await banner.innerText();
    expect(refused).toBe('Quy tắc chưa được lưu. Cấp theo dõi theo bản đồ: với mỗi bản đồ, chọn ít nhất một trong cấp tỉnh, cấp huyện, cấp xã, hoặc bỏ trống cả nhóm.');
    expect(englishIn(refused)).toEqual([]);
    expect((await api<Rules>('/api/alerts/rules')).rules.map((r) => r['id'])).not.toContain('gui-dien-tu-theo-ban-do');
    await box('Đến 30/6/2025', 'cấp huyện').evaluate((el) => { (el as HTMLInputElement).value = 'district'; });
    await form.getByRole('button', { name: 'Lưu quy tắc' }).click();
    await expect.poll(() => page.locator('cds-alert-rules .notice').innerText()).toBe('Đã lưu quy tắc "Gửi điện tử dưới 85 % theo bản đồ".');
    await checkView(page, 'admin levelsByMap rule saved');
    // saved as the settings write it
    const { updated_at: _u, ...saved } = (await api<Rules>('/api/alerts/rules')).rules.find((r) => r['id'] === 'gui-dien-tu-theo-ban-do')!;
    expect(saved).toEqual({
      id: 'gui-dien-tu-theo-ban-do', kind: 'rate_below', name: 'Gửi điện tử dưới 85 % theo bản đồ', enabled: true, metric: 'sent_electronic_rate', threshold: 0.85,
      levelsByMap: { district: ['district'], commune: ['province', 'commune'] }, origin: 'api', updated_by: 'admin',
    });
    // the form is empty again (no box left ticked); after a reload the rules' table says what the rule watches
    expect(await byMap.getByRole('checkbox', { checked: true }).count()).toBe(0);
    await page.reload();
    await checkView(page, 'admin levelsByMap rule reloaded');
    const row = page.locator('#rules-table tbody tr', { hasText: 'Gửi điện tử dưới 85 % theo bản đồ' });
    expect(await row.innerText()).toContain('Tỉ lệ gửi điện tử dưới 85\u00a0%, đến 30/6/2025: cấp huyện; từ 1/7/2025: cấp tỉnh, cấp xã');
    await page.screenshot({ path: join(shots, 'alerts-rules-levels-by-map.png'), fullPage: true });
    expect((await fetch(`${service.url}/api/alerts/rules/gui-dien-tu-theo-ban-do`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await context.close();

    // a viewer (staff, who reads the figures) has no form at all, as the other roles (below)
    const viewer = await signIn('viewer');
    await visit(viewer.page, `?view=alert-rules&period=${PERIOD}`, 'viewer alert rules levelsByMap');
    expect(await viewer.page.locator('main').innerText()).toContain('Trang này không dành cho tài khoản của bạn');
    expect(await viewer.page.locator('#levels-by-map').count()).toBe(0);
    await viewer.context.close();
  }, ROLE_TIMEOUT);

  it('the other roles are not offered the page, nor its form when they type its address', async () => {
    for (const key of ['viewer', 'inspector', 'district', 'commune'] as const) {
      const { context, page } = await signIn(key);
      await settled(page);
      expect(await navLabels(page), key).not.toContain('Cảnh báo');
      await visit(page, `?view=alert-rules&period=${PERIOD}`, `${key} alert rules`);
      expect(await page.locator('main').innerText()).toContain('Trang này không dành cho tài khoản của bạn');
      expect(await page.locator('cds-alert-rules').count(), key).toBe(0);
      await context.close();
    }
  }, ROLE_TIMEOUT);
});
