import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, apiRoute, apiRouter, errorResponse, EVERYONE, fileResponse, jsonRequest, jsonResponse, PUBLIC } from '../api/route.ts';
import { clientIp } from '../auth/routes.ts';
import type { Principal } from '../auth/store.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { parseDate } from '../analytics/period.ts';
import type { AlertDeps } from './deps.ts';
import { evaluateAlerts } from './evaluate.ts';
import { outboxDir } from './outbox.ts';
import { deleteRule, listRules, saveRules, STAFF_ONLY } from './rules.ts';
import {
  alertsResponse, evaluationSchema, outboxResponse, ruleInputSchema, rulesResponse, subscriptionInputSchema, subscriptionSchema,
  type Alert, type OutboxMessage,
} from './schemas.ts';
import { read } from './store.ts';
import { addSubscription, listSubscriptions, removeSubscription, unsubscribe } from './subscriptions.ts';
import { escapeHtml } from './text.ts';

const mySubscriptions = z.strictObject({
  subscriptions: z.array(subscriptionSchema),
  rules: z.array(z.strictObject({ id: z.string(), name: z.string(), kind: z.string() })).describe('the rules this account may subscribe to'),
  webhooks: z.array(z.string()).describe('administrators: the webhooks of settings.alerts.webhooks'),
}).openapi('MySubscriptions');
const HTML = 'text/html; charset=utf-8';

const routes = {
  evaluate: apiRoute({
    method: 'post', path: '/alerts/evaluate', roles: ADMIN, audit: 'alert_evaluation', tag: 'alerts', vi: 'Đánh giá cảnh báo ngay',
    summary: 'Evaluate the alert rules now',
    description: 'Raises and resolves alerts and writes their messages to the outbox, which sends them right after. Evaluating again sends nothing twice.',
    request: { query: z.object({ as_of: z.string().max(20).optional().describe('read the figures as of this day (YYYY-MM-DD); default today in Vietnam') }) },
    responses: { 200: jsonResponse(evaluationSchema, 'What the evaluation did') },
  }),
  alerts: apiRoute({
    method: 'get', path: '/alerts', roles: ADMIN, audit: null, tag: 'alerts', vi: 'Danh sách cảnh báo',
    summary: 'Alerts, newest first',
    request: { query: z.object({ state: z.enum(['open', 'resolved', 'expired']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200), offset: z.coerce.number().int().min(0).default(0) }) },
    responses: { 200: jsonResponse(alertsResponse, 'The alerts') },
  }),
  rules: apiRoute({
    method: 'get', path: '/alerts/rules', roles: ADMIN, audit: null, tag: 'alerts', vi: 'Quy tắc cảnh báo',
    summary: 'Every alert rule',
    responses: { 200: jsonResponse(rulesResponse, 'The rules') },
  }),
  saveRule: apiRoute({
    method: 'put', path: '/alerts/rules/{id}', roles: ADMIN, audit: 'alert_rule', tag: 'alerts', vi: 'Lưu quy tắc cảnh báo',
    summary: 'Add or replace an alert rule',
    description: 'A rule of settings.alerts.rules cannot be changed here (it would be replaced at the next start): change the settings.',
    request: { params: z.object({ id: z.string().max(63) }), body: jsonRequest(ruleInputSchema) },
    responses: { 200: jsonResponse(rulesResponse, 'Every rule, with this one'), 409: errorResponse('The rule comes from the settings (`rule_from_settings`)') },
  }),
  deleteRule: apiRoute({
    method: 'delete', path: '/alerts/rules/{id}', roles: ADMIN, audit: { handler: ['alert_rule_removed'] }, tag: 'alerts', vi: 'Xóa quy tắc cảnh báo',
    summary: 'Remove an alert rule added through the API',
    request: { params: z.object({ id: z.string().max(63) }) },
    responses: { 200: jsonResponse(rulesResponse, 'The rules left'), 404: errorResponse('No such rule (`unknown_rule`)'), 409: errorResponse('The rule comes from the settings (`rule_from_settings`)') },
  }),
  subscriptions: apiRoute({
    method: 'get', path: '/subscriptions', roles: EVERYONE, audit: null, tag: 'alerts', vi: 'Đăng ký nhận tin của tôi',
    summary: 'The account\'s subscriptions (administrators: `all=true` for everyone\'s), with the rules it may subscribe to',
    request: { query: z.object({ all: z.enum(['true', 'false']).optional() }) },
    responses: { 200: jsonResponse(mySubscriptions, 'The subscriptions') },
  }),
  subscribe: apiRoute({
    method: 'post', path: '/subscriptions', roles: EVERYONE, audit: 'subscription', tag: 'alerts', vi: 'Đăng ký nhận tin',
    summary: 'Subscribe to alerts by e-mail (or, administrators, a webhook)',
    description: 'What a subscription receives is bounded by the account\'s scope: an inspector hears only of its team\'s units, a unit account only of its own unit (and a district of its communes); rules about sources and frozen periods are for staff only.',
    request: { body: jsonRequest(subscriptionInputSchema) },
    responses: { 201: jsonResponse(subscriptionSchema, 'The subscription'), 404: errorResponse('No such rule or user (`unknown_rule`, `unknown_user`)') },
  }),
  unsubscribeOwn: apiRoute({
    method: 'delete', path: '/subscriptions/{id}', roles: EVERYONE, audit: { handler: ['subscription_removed'] }, tag: 'alerts', vi: 'Hủy đăng ký nhận tin',
    summary: 'Remove one of the account\'s subscriptions (administrators: anyone\'s)',
    request: { params: z.object({ id: z.string().max(64) }) },
    responses: { 200: jsonResponse(z.strictObject({ removed: z.string() }), 'Removed'), 404: errorResponse('No such subscription of yours (`unknown_subscription`)') },
  }),
  unsubscribePage: apiRoute({
    method: 'get', path: '/unsubscribe', roles: PUBLIC, audit: null, tag: 'alerts', vi: 'Trang hủy đăng ký',
    summary: 'The unsubscribe link of an e-mail: a page with one button (nothing changes on GET, which mail scanners follow)',
    request: { query: z.object({ token: z.string().max(100) }) },
    responses: { 200: { description: 'A page in Vietnamese', content: { [HTML]: { schema: z.string() } } } },
  }),
  unsubscribe: apiRoute({
    method: 'post', path: '/unsubscribe', roles: PUBLIC, audit: { handler: ['unsubscribed'] }, tag: 'alerts', vi: 'Hủy đăng ký qua liên kết',
    summary: 'Turn the link\'s subscription off (also RFC 8058 one-click List-Unsubscribe-Post)',
    request: { query: z.object({ token: z.string().max(100) }) },
    responses: { 200: { description: 'A page in Vietnamese', content: { [HTML]: { schema: z.string() } } } },
  }),
  outbox: apiRoute({
    method: 'get', path: '/outbox', roles: ADMIN, audit: null, tag: 'alerts', vi: 'Hộp thư đi',
    summary: 'The outbox: every message, newest first, with its state',
    request: { query: z.object({ status: z.enum(['pending', 'sent', 'failed']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) }) },
    responses: { 200: jsonResponse(outboxResponse, 'The messages') },
  }),
  eml: apiRoute({
    method: 'get', path: '/outbox/{id}/eml', roles: ADMIN, audit: null, tag: 'alerts', vi: 'Tải thư (.eml)',
    summary: 'A message written as an .eml file (without SMTP_URL)',
    request: { params: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/) }) },
    responses: { 200: fileResponse('message/rfc822', 'The message'), 404: errorResponse('No .eml file of this message (`unknown_message`)') },
  }),
};

const principal = (c: Context): Principal => {
  const p = c.get('principal');
  if (!p) throw new AppError(401, 'unauthenticated', 'Sign in first (POST /api/session), or send an API token as Authorization: Bearer <token>.');
  return p;
};

function page(title: string, body: string, form?: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>`
    + `<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>${form ?? ''}</body></html>`;
}

/** The alerts' API, mounted under /api. */
export function alertRoutes(deps: AlertDeps, hooks: { kick: () => void; smtp: boolean }) {
  const app = apiRouter();
  const db = deps.ctx.db;
  const rulesBody = async () => ({ rules: await listRules(db) });

  app.openapi(routes.evaluate, async (c) => {
    const q = c.req.valid('query');
    const result = await evaluateAlerts(deps, { asOf: q.as_of ? parseDate(q.as_of, 'as_of') : undefined });
    hooks.kick();
    return c.json(result, 200);
  });
  app.openapi(routes.alerts, async (c) => {
    const q = c.req.valid('query');
    return c.json({ alerts: await read<Alert>(db, 'alerts-list', { state: q.state ?? null, limit: q.limit, offset: q.offset }) }, 200);
  });
  app.openapi(routes.rules, async (c) => c.json(await rulesBody(), 200));
  app.openapi(routes.saveRule, async (c) => {
    const { id } = c.req.valid('param');
    const rule = c.req.valid('json');
    if (rule.id !== id) throw badRequest('invalid_body', `The body's id "${rule.id}" is not the path's "${id}".`);
    const existing = (await listRules(db)).find((r) => r.id === id);
    if (existing?.origin === 'settings') throw new AppError(409, 'rule_from_settings', `The rule ${id} comes from settings.alerts.rules; change it there.`);
    await saveRules(db, [rule], 'api', principal(c).username);
    return c.json(await rulesBody(), 200);
  });
  app.openapi(routes.deleteRule, async (c) => {
    const { id } = c.req.valid('param');
    const existing = (await listRules(db)).find((r) => r.id === id);
    if (!existing) throw notFound('unknown_rule', `There is no alert rule ${id}.`);
    if (existing.origin === 'settings') throw new AppError(409, 'rule_from_settings', `The rule ${id} comes from settings.alerts.rules; change it there.`);
    await deleteRule(db, id);
    await deps.store.audit({ actor: principal(c).username, action: 'alert_rule_removed', target: c.req.path, ip: clientIp(c) });
    return c.json(await rulesBody(), 200);
  });
  app.openapi(routes.subscriptions, async (c) => {
    const p = principal(c);
    const all = c.req.valid('query').all === 'true' && p.role === 'admin';
    const staff = p.role === 'admin' || p.role === 'viewer';
    const rules = (await listRules(db)).filter((r) => r.enabled && (staff || !STAFF_ONLY.has(r.kind))).map((r) => ({ id: r.id, name: r.name, kind: r.kind }));
    return c.json({
      subscriptions: await listSubscriptions(db, all ? null : p.username),
      rules,
      webhooks: p.role === 'admin' ? deps.settings.alerts.webhooks.map((w) => w.id) : [],
    }, 200);
  });
  app.openapi(routes.subscribe, async (c) => {
    const sub = await addSubscription(db, deps.settings.alerts, principal(c), c.req.valid('json'));
    return c.json(sub, 201);
  });
  app.openapi(routes.unsubscribeOwn, async (c) => {
    const { id } = c.req.valid('param');
    await removeSubscription(db, principal(c), id);
    await deps.store.audit({ actor: principal(c).username, action: 'subscription_removed', target: c.req.path, ip: clientIp(c) });
    return c.json({ removed: id }, 200);
  });
  app.openapi(routes.unsubscribePage, async (c) => {
    const { token } = c.req.valid('query');
    const [sub] = await read<{ target: string; active: boolean }>(db, 'subscription-by-token', { token });
    const html = !sub
      ? page('Liên kết không hợp lệ', 'Liên kết hủy đăng ký này không còn hiệu lực.')
      : !sub.active
        ? page('Đã hủy đăng ký', `Địa chỉ ${sub.target} không còn nhận thư của đăng ký này.`)
        : page('Hủy đăng ký nhận tin', `Ngừng gửi thư của đăng ký này tới ${sub.target}?`,
          `<form method="post" action="/api/unsubscribe?token=${encodeURIComponent(token)}"><button type="submit">Hủy đăng ký</button></form>`);
    return c.body(html, 200, { 'content-type': HTML });
  });
  app.openapi(routes.unsubscribe, async (c) => {
    const { token } = c.req.valid('query');
    const sub = await unsubscribe(db, token);
    if (sub) await deps.store.audit({ actor: sub.username, action: 'unsubscribed', target: `${sub.channel}:${sub.target}` });
    const html = sub
      ? page('Đã hủy đăng ký', `Địa chỉ ${sub.target} sẽ không nhận thư của đăng ký này nữa.`)
      : page('Liên kết không hợp lệ', 'Liên kết hủy đăng ký này không còn hiệu lực.');
    return c.body(html, 200, { 'content-type': HTML });
  });
  app.openapi(routes.outbox, async (c) => {
    const q = c.req.valid('query');
    const [messages, [count]] = await Promise.all([
      read<OutboxMessage>(db, 'outbox-list', { status: q.status ?? null, limit: q.limit, offset: q.offset }),
      read<{ total: number }>(db, 'outbox-count', { status: q.status ?? null }),
    ]);
    return c.json({ smtp: hooks.smtp, total: count!.total, limit: q.limit, offset: q.offset, messages }, 200);
  });
  app.openapi(routes.eml, async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await read<{ eml_file: string }>(db, 'outbox-eml', { message_id: id });
    // the file's name is the message id the outbox wrote, never a path from the request
    const path = row ? join(outboxDir(deps.dataDir), `${id}.eml`) : null;
    if (!path || row!.eml_file !== `${id}.eml` || !existsSync(path)) throw notFound('unknown_message', `There is no .eml file of message ${id}.`);
    return c.body(new Uint8Array(readFileSync(path)), 200, { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${id}.eml"` });
  });
  return app;
}
