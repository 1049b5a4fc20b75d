import { hourOf } from './time-of-day.ts';
import type { AlertDeps } from './deps.ts';
import { alertPayloadDigest } from './payloads.ts';
import { digestEmail, messageId, type AlertEvent } from './messages.ts';
import { read, transaction } from './store.ts';

interface PendingRow {
  subscription_id: string; alert_id: string; event: AlertEvent; username: string; channel: 'email' | 'webhook'; target: string;
  message: string; resolved_message: string | null; period: string; subject: string; rule_name: string | null;
}

/**
 * The daily digests whose hour it is (Asia/Ho_Chi_Minh): for each such subscription, one
 * message with the events kept since its last digest, written with the items' marks in one
 * transaction (so an event is in exactly one digest).
 */
export async function writeDigests(deps: AlertDeps, at: Date): Promise<number> {
  const hour = hourOf(at);
  const rows = await read<PendingRow>(deps.ctx.db, 'digest-pending', { hour });
  const bySub = new Map<string, PendingRow[]>();
  for (const r of rows) bySub.set(r.subscription_id, [...(bySub.get(r.subscription_id) ?? []), r]);
  if (bySub.size === 0) return 0;
  const link = `${deps.publicUrl}/`;
  await transaction(deps.ctx.db, async (tx) => {
    for (const [sub, items] of bySub) {
      const id = messageId('digest', sub, ...items.map((i) => `${i.alert_id}#${i.event}`));
      const lines = items.map((i) => ({ event: i.event, rule_name: i.rule_name ?? '', message: i.event === 'resolved' ? (i.resolved_message ?? i.message) : i.message }));
      const mail = digestEmail(lines, items[0]!.username, link, at);
      await tx.run('outbox-insert', {
        message_id: id, kind: 'digest', channel: items[0]!.channel, target: items[0]!.target, username: items[0]!.username,
        subscription_id: sub, alert_id: null, ...mail,
        payload: JSON.stringify(alertPayloadDigest(id, at, items.map((i) => ({ alert_id: i.alert_id, event: i.event, subject: i.subject, period: i.period, rule_name: i.rule_name, text: i.event === 'resolved' ? (i.resolved_message ?? i.message) : i.message })), link)),
        attachments: '[]', now: at.toISOString(),
      });
      for (const i of items) await tx.run('digest-mark', { message_id: id, subscription_id: sub, alert_id: i.alert_id, event: i.event });
    }
  });
  deps.log?.info({ digests: bySub.size, hour }, 'daily digests written');
  return bySub.size;
}
