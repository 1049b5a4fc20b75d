import { randomBytes, randomUUID } from 'node:crypto';
import type { Principal } from '../auth/store.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import type { Database } from '../warehouse/database.ts';
import type { AlertSettings } from '../config.ts';
import { listRules, STAFF_ONLY } from './rules.ts';
import { read } from './store.ts';
import type { Subscription, SubscriptionInput } from './schemas.ts';

const isStaff = (p: Pick<Principal, 'role'>) => p.role === 'admin' || p.role === 'viewer';

/**
 * A user's subscriptions. Everyone may subscribe by e-mail to the rules their role may hear
 * of (a rule about a source or a frozen period: staff only); what each subscription receives
 * is bounded by the account's scope when the alert is raised (evaluate.ts). Webhooks are the
 * service's own (settings.alerts.webhooks): only administrators subscribe them.
 */
export async function addSubscription(db: Database, settings: AlertSettings, by: Principal, input: SubscriptionInput, now = new Date()): Promise<Subscription> {
  const username = input.username ?? by.username;
  if (username !== by.username && by.role !== 'admin') throw new AppError(403, 'forbidden', 'Only an administrator may subscribe another account.');
  const owner = username === by.username ? by : (await read<Principal>(db, 'user-role', { username }))[0];
  if (!owner) throw notFound('unknown_user', `There is no user ${username}.`);
  if (input.rule_id) {
    const rule = (await listRules(db)).find((r) => r.id === input.rule_id);
    if (!rule) throw notFound('unknown_rule', `There is no alert rule ${input.rule_id}.`);
    if (STAFF_ONLY.has(rule.kind) && !isStaff(owner)) {
      throw new AppError(403, 'subscription_not_allowed', `The rule ${rule.id} concerns sources or frozen periods, which only staff accounts hear of.`);
    }
  }
  if (input.channel === 'webhook') {
    if (by.role !== 'admin') throw new AppError(403, 'subscription_not_allowed', 'Only an administrator may subscribe a webhook.');
    if (!settings.webhooks.some((w) => w.id === input.target)) throw badRequest('unknown_webhook', `There is no webhook "${input.target}" in settings.alerts.webhooks.`);
  }
  if ((input.mode === 'digest') !== (input.digest_hour !== undefined)) {
    throw badRequest('invalid_body', 'digest_hour is required with mode "digest" and only then.');
  }
  const sub = {
    subscription_id: randomUUID(), username, rule_id: input.rule_id ?? null, channel: input.channel, target: input.target,
    mode: input.mode, digest_hour: input.digest_hour ?? null, token: randomBytes(24).toString('base64url'), now: now.toISOString(),
  };
  await read(db, 'subscription-insert', sub);
  return (await listSubscriptions(db, username)).find((s) => s.subscription_id === sub.subscription_id)!;
}

export const listSubscriptions = (db: Database, username: string | null) => read<Subscription>(db, 'subscriptions-list', { username });

/** Removes a subscription: the account's own, or any for an administrator. */
export async function removeSubscription(db: Database, by: Principal, id: string): Promise<void> {
  const rows = await read(db, 'subscription-delete', { subscription_id: id, username: by.role === 'admin' ? null : by.username });
  if (rows.length === 0) throw notFound('unknown_subscription', `There is no subscription ${id} of yours.`);
}

/** The unsubscribe link of a message: turns its subscription off. */
export async function unsubscribe(db: Database, token: string): Promise<{ username: string; channel: string; target: string } | null> {
  const rows = await read<{ username: string; channel: string; target: string }>(db, 'subscription-unsubscribe', { token });
  return rows[0] ?? null;
}
