// Alerts end to end against real servers: an SMTP server in process (smtp-server, messages
// parsed by mailparser) and an HTTP receiver of webhooks that verifies each signature. A
// unit falling below its threshold reaches its subscribers once by e-mail and webhook; a
// second evaluation sends nothing; a "resolved" message goes out when the unit recovers;
// an inspector of team 1 never hears of a unit outside its team; every send is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { startAlerts, type Alerts } from '../alerts/service.ts';
import { addSubscription } from '../alerts/subscriptions.ts';
import type { AlertDeps } from '../alerts/deps.ts';
import { writeDigests } from '../alerts/digest.ts';
import { AccessStore, type Principal } from '../auth/store.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { settingsWithAlerts } from './helpers/alert-settings.ts';
import { startReceiver, startSmtp, type TestSmtp } from './helpers/mail.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

const SECRET = 'webhook-secret-of-the-test';
let w: TestWarehouse;
let smtp: TestSmtp;
let hook: Awaited<ReturnType<typeof startReceiver>>;
let alerts: Alerts;
let figures: Figures;
let store: AccessStore;
const admin: Principal = { username: 'dic-admin', role: 'admin', team_id: null, unit_code: null, via: 'session' };
const inspector: Principal = { username: 'inspector-1', role: 'inspector', team_id: 1, unit_code: null, via: 'session' };
// a district's account, with a daily digest at 07:00 (Vietnam time)
const district: Principal = { username: 'huyen-380', role: 'unit', team_id: null, unit_code: '380', via: 'session' };
let deps: AlertDeps;

/** Outgoing documents of October 2020: `signed` of `total` signed, for each unit. */
function october(units: Record<string, { total: number; signed: number }>, variant = ''): string {
  const rows = Object.entries(units).flatMap(([unit, { total, signed }]) =>
    Array.from({ length: total }, (_, i) => `${unit},${unit}-${i},out,${i}/UBND${variant},Công văn,2020-10-05,2020-10-05 08:00,normal,electronic,${i < signed},,`));
  return `${CANONICAL_HEADER}\n${rows.join('\n')}\n`;
}

async function settle(): Promise<void> {
  // the sender runs right after an evaluation; wait until nothing is pending
  for (let i = 0; i < 100; i++) {
    await alerts.sender.kick();
    const [r] = await w.rows<{ n: number }>("SELECT count(*)::INTEGER AS n FROM outbox WHERE status = 'pending'");
    if (r!.n === 0) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the outbox did not empty');
}

beforeAll(async () => {
  smtp = await startSmtp();
  hook = await startReceiver(SECRET, 1); // the first webhook call fails: the outbox retries it
  w = await testWarehouse();
  const settings = settingsWithAlerts({
    rules: [{ id: 'signed-low', kind: 'rate_below', name: 'Tỉ lệ ký số dưới 90 %', metric: 'signed_rate', threshold: 0.9, level: 'district' }],
    webhooks: [{ id: 'chat', url: hook.url, secret: SECRET }],
    retry: { attempts: 5, backoffMs: 0 },
  });
  store = new AccessStore(w.db);
  figures = new Figures(w.db, new FigureCache());
  for (const p of [admin, inspector, district]) await store.addUser({ username: p.username, password: 'a long enough password', role: p.role, team: p.team_id ?? undefined, unit: p.unit_code ?? undefined }, [1, 2, 3], async () => true);
  // 380 is a district of team 1, 398 one of team 2: both far below 90 % signed
  await w.load([w.file('oct.csv', october({ '380': { total: 10, signed: 5 }, '398': { total: 10, signed: 2 }, '381': { total: 10, signed: 10 } }))]);
  await buildModels(w.db);
  deps = { ctx: w, figures, settings, sources: [], store, publicUrl: 'https://chithi15.example.vn', dataDir: w.dir, reports: { figures, ctx: w, settings } };
  alerts = await startAlerts(
    deps,
    { smtpUrl: smtp.url, mailFrom: 'Chỉ thị 15 <canh-bao@chithi15.example.vn>' },
    { pollMs: 60_000 },
  );
  await addSubscription(w.db, settings.alerts, admin, { channel: 'email', target: 'admin@example.vn', mode: 'immediate' });
  await addSubscription(w.db, settings.alerts, admin, { channel: 'webhook', target: 'chat', mode: 'immediate' });
  await addSubscription(w.db, settings.alerts, inspector, { channel: 'email', target: 'to1@example.vn', mode: 'immediate', rule_id: 'signed-low' });
  await addSubscription(w.db, settings.alerts, district, { channel: 'email', target: 'huyen380@example.vn', mode: 'digest', digest_hour: 7 });
}, 60_000);

afterAll(async () => {
  await alerts?.close();
  await smtp?.close();
  await hook?.close();
  w?.close();
});

const to = (addr: string) => smtp.messages.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(addr)));

describe('alerts by e-mail and webhook', () => {
  it('sends a unit falling below its threshold to its subscribers once, by e-mail and webhook', async () => {
    const r = await alerts.evaluate('2020-10-31');
    expect(r).toMatchObject({ raised: 2, resolved: 0, messages: 5, digest_items: 1 });
    await settle();
    const mine = to('admin@example.vn');
    expect(mine.map((m) => m.subject).sort()).toEqual([
      '[Chỉ thị 15] Cảnh báo: Tỉ lệ ký số dưới 90 % — Huyện Thiệu Hóa',
      '[Chỉ thị 15] Cảnh báo: Tỉ lệ ký số dưới 90 % — Thành phố Thanh Hóa',
    ]);
    const m380 = mine.find((m) => m.subject!.endsWith('Thành phố Thanh Hóa'))!;
    expect(m380.text).toContain('Thành phố Thanh Hóa: tỉ lệ văn bản đi được ký số tháng 10/2020 (đến ngày 31/10/2020) là 50,0\u00a0%, dưới ngưỡng 90,0\u00a0%');
    expect(m380.html).toContain('Kính gửi dic-admin');
    expect(m380.text).toMatch(/Hủy đăng ký nhận thư này: https:\/\/chithi15\.example\.vn\/api\/unsubscribe\?token=/);
    const header = (key: string) => m380.headerLines.find((h) => h.key === key)?.line ?? '';
    expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe:\s+<https:\/\/chithi15\.example\.vn\/api\/unsubscribe\?token=[\w-]+>/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(m380.messageId).toMatch(/^<[0-9a-f]{32}@chithi15\.example\.vn>$/);
    // the webhook: both alerts, signed, after one retry of a 503
    expect(hook.received).toHaveLength(2);
    expect(hook.received.every((h) => h.signatureValid)).toBe(true);
    expect(hook.received.map((h) => (h.body.alert as { subject: string }).subject).sort()).toEqual(['380', '398']);
    expect(hook.received.every((h) => h.body.id === h.id && h.body.type === 'alert.raised')).toBe(true);
    expect(hook.requests).toBe(3);
  });

  it('never tells an inspector of team 1 about a unit outside its team', () => {
    const theirs = to('to1@example.vn');
    expect(theirs.map((m) => m.subject)).toEqual(['[Chỉ thị 15] Cảnh báo: Tỉ lệ ký số dưới 90 % — Thành phố Thanh Hóa']);
  });

  it('sends nothing again on the next evaluation', async () => {
    const before = smtp.messages.length;
    expect(await alerts.evaluate('2020-10-31')).toMatchObject({ raised: 0, resolved: 0, messages: 0 });
    await settle();
    expect(smtp.messages.length).toBe(before);
    expect(hook.received).toHaveLength(2);
  });

  it('sends a "resolved" message when the unit recovers', async () => {
    await w.load([w.file('oct-fixed.csv', october({ '380': { total: 10, signed: 10 } }, '-sửa'))]);
    await buildModels(w.db);
    figures.cache.invalidate();
    expect(await alerts.evaluate('2020-10-31')).toMatchObject({ raised: 0, resolved: 1, messages: 3, digest_items: 1 });
    await settle();
    const resolved = smtp.messages.filter((m) => m.subject!.startsWith('[Chỉ thị 15] Đã hết cảnh báo'));
    expect(resolved.map((m) => (Array.isArray(m.to) ? m.to[0]! : m.to!).text).sort()).toEqual(['admin@example.vn', 'to1@example.vn']);
    expect(resolved[0]!.text).toContain('nay là 100,0\u00a0%, không còn dưới ngưỡng 90,0\u00a0%');
    expect(hook.received.map((h) => h.body.type)).toEqual(['alert.raised', 'alert.raised', 'alert.resolved']);
    expect(hook.received.every((h) => h.signatureValid)).toBe(true);
    // and once only
    expect(await alerts.evaluate('2020-10-31')).toMatchObject({ raised: 0, resolved: 0, messages: 0 });
  });

  it("sends a daily digest at its subscriber's hour, of its own unit's events only, once", async () => {
    expect(to('huyen380@example.vn')).toEqual([]);
    expect(await writeDigests(deps, new Date('2020-11-01T01:00:00Z'))).toBe(0); // 08:00 in Vietnam: not its hour
    expect(await writeDigests(deps, new Date('2020-11-01T00:00:00Z'))).toBe(1); // 07:00
    expect(await writeDigests(deps, new Date('2020-11-01T00:00:00Z'))).toBe(0);
    await settle();
    const digest = to('huyen380@example.vn');
    expect(digest.map((m) => m.subject)).toEqual(['[Chỉ thị 15] Tổng hợp cảnh báo ngày 01/11/2020: 1 cảnh báo mới, 1 đã hết']);
    expect(digest[0]!.text).toContain('Cảnh báo — Tỉ lệ ký số dưới 90 %: Thành phố Thanh Hóa: tỉ lệ văn bản đi được ký số tháng 10/2020');
    expect(digest[0]!.text).toContain('Đã hết cảnh báo — Tỉ lệ ký số dưới 90 %: Thành phố Thanh Hóa');
    expect(digest[0]!.text).not.toContain('Thiệu Hóa');
  });

  it('records every send in the audit log, each message once', async () => {
    const sent = await w.rows<{ target: string; details: string }>("SELECT target, details FROM audit_log WHERE action = 'message_sent'");
    const [outbox] = await w.rows<{ n: number; ids: number }>("SELECT count(*)::INTEGER AS n, count(DISTINCT message_id)::INTEGER AS ids FROM outbox WHERE status = 'sent'");
    expect(sent.length).toBe(outbox!.n);
    expect(new Set(sent.map((s) => s.target)).size).toBe(outbox!.ids);
    expect(sent.length).toBe(smtp.messages.length + hook.received.length);
    const ids = new Set(smtp.messages.map((m) => m.messageId));
    expect(ids.size).toBe(smtp.messages.length);
  });
});

describe('subscriptions', () => {
  it("turns a subscription off by its e-mail's link: the page asks, the POST does it", async () => {
    const mail = to('to1@example.vn')[0]!;
    const url = new URL(/https:\/\/chithi15\.example\.vn\/api\/unsubscribe\?token=\S+/.exec(mail.text!)![0]);
    const path = `/unsubscribe${url.search}`;
    const active = async () => (await w.rows<{ active: boolean }>("SELECT active FROM subscriptions WHERE target = 'to1@example.vn'"))[0]!.active;
    const page = await alerts.routes.request(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Ngừng gửi thư của đăng ký này tới to1@example.vn?');
    expect(await active()).toBe(true); // a GET (a mail scanner following the link) changes nothing
    const done = await alerts.routes.request(path, { method: 'POST' });
    expect(await done.text()).toContain('Đã hủy đăng ký');
    expect(await active()).toBe(false);
    expect(await w.rows("SELECT actor, target FROM audit_log WHERE action = 'unsubscribed'")).toEqual([{ actor: 'inspector-1', target: 'email:to1@example.vn' }]);
    expect(await (await alerts.routes.request('/unsubscribe?token=nothing', { method: 'POST' })).text()).toContain('Liên kết hủy đăng ký này không còn hiệu lực');
  });

  it('keeps rules about sources and frozen periods to staff, and webhooks to administrators', async () => {
    await w.rows("INSERT INTO alert_rules VALUES ('nguon-cham', 'source_stale', 'Nguồn chậm', '{}', true, 'api', now(), 'test')");
    const settings = deps.settings.alerts;
    await expect(addSubscription(w.db, settings, district, { channel: 'email', target: 'x@example.vn', mode: 'immediate', rule_id: 'nguon-cham' })).rejects.toMatchObject({ code: 'subscription_not_allowed' });
    await expect(addSubscription(w.db, settings, inspector, { channel: 'webhook', target: 'chat', mode: 'immediate' })).rejects.toMatchObject({ code: 'subscription_not_allowed' });
    await expect(addSubscription(w.db, settings, inspector, { channel: 'email', target: 'x@example.vn', mode: 'immediate', username: 'dic-admin' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(addSubscription(w.db, settings, admin, { channel: 'email', target: 'x@example.vn', mode: 'immediate', rule_id: 'khong-co' })).rejects.toMatchObject({ code: 'unknown_rule' });
  });
});
