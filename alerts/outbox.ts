import type { Logger } from '../log.ts';
import { join } from 'node:path';
import type { Database } from '../warehouse/database.ts';
import type { AlertSettings } from '../config.ts';
import { redactText } from '../redact.ts';
import { postWebhook, type Attachment, type MailChannel } from './channels.ts';
import { withUnsubscribe } from './messages.ts';
import { read, transaction } from './store.ts';

interface DueRow {
  message_id: string; kind: string; channel: 'email' | 'webhook'; target: string; subject: string;
  body_text: string; body_html: string; payload: string; attachments: string; attempts: number;
  unsubscribe_token: string | null;
  /** an attempt was in flight when the process stopped: the server may have it already */
  in_doubt: boolean;
}

export interface SenderOptions {
  db: Database;
  mail: MailChannel;
  settings: AlertSettings;
  publicUrl: string;
  now?: () => Date;
  log?: Logger;
  /**
   * each step of a send, for the crash tests: "due <id>" (picked), "sending <id>" (the
   * attempt marked, the channel not yet called), "accepted <id>" (the channel took it, not
   * yet marked sent), "sent <id>" (marked sent and audited), "failed <id>"
   */
  onProgress?: (step: string) => void;
}

/** The outbox folder of DATA_DIR: .eml files and the attachments of deliveries. */
export const outboxDir = (dataDir: string) => join(dataDir, 'outbox');

/**
 * Sends what the outbox holds, oldest first, one message at a time. Before a message is
 * handed to its channel, the attempt is marked (`sending_at`, committed); once the channel
 * took it, the message is marked sent, with its audit-log entry, in one transaction. A
 * failure is tried again after settings.retry.backoffMs, doubling each time, until
 * settings.retry.attempts, then it is marked failed (and audited).
 *
 * A crash anywhere before the channel is called leaves the message pending, and it is sent
 * once after the restart. A crash while the channel has it (inside the SMTP transaction, or
 * in the milliseconds between the server's acceptance and the mark) leaves it pending with
 * its attempt marked: it is sent again with the same Message-ID, logged and audited as
 * `in_doubt` — at least once, never lost; the one place a message can go twice (README: Alerts).
 */
export class OutboxSender {
  readonly #o: SenderOptions;
  #running: Promise<number> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: SenderOptions) {
    this.#o = options;
  }

  /** Polls the outbox every intervalMs (retries come due); kick() sends at once. */
  start(intervalMs = 5_000): this {
    this.#timer = setInterval(() => this.kick(), intervalMs);
    this.#timer.unref();
    this.kick();
    return this;
  }

  /** Sends what is due now; a call while a round runs makes it go round once more. Resolves with the messages sent. */
  kick(): Promise<number> {
    if (this.#closed) return Promise.resolve(0);
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let sent = 0;
      do {
        this.#again = false;
        sent += await this.drain().catch((err: Error) => {
          this.#o.log?.error({ err }, 'outbox sender failed');
          return 0;
        });
      } while (this.#again && !this.#closed);
      return sent;
    })().finally(() => (this.#running = null));
    return this.#running;
  }

  /** One pass over the due messages. */
  async drain(): Promise<number> {
    const now = this.#o.now ?? (() => new Date());
    let sent = 0;
    for (;;) {
      const due = await read<DueRow>(this.#o.db, 'outbox-due', { now: now().toISOString(), limit: 20 });
      if (due.length === 0 || this.#closed) return sent;
      for (const m of due) {
        if (this.#closed) return sent;
        if (await this.#send(m, now)) sent++;
      }
      // retried messages are due later: the query will not return them again in this pass
    }
  }

  async #send(m: DueRow, now: () => Date): Promise<boolean> {
    const o = this.#o;
    o.onProgress?.(`due ${m.message_id}`);
    if (m.in_doubt) o.log?.warn({ channel: m.channel, target: m.target, message: m.message_id }, 'a send was in flight when the service stopped: sending again with the same message id');
    const [claimed] = await transaction(o.db, (tx) => tx.rows('outbox-begin', { message_id: m.message_id, now: now().toISOString() }));
    if (!claimed) return false; // no longer pending
    o.onProgress?.(`sending ${m.message_id}`);
    let emlFile: string | null = null;
    try {
      if (m.channel === 'email') {
        const unsubscribeUrl = m.unsubscribe_token ? `${o.publicUrl}/api/unsubscribe?token=${m.unsubscribe_token}` : null;
        const body = unsubscribeUrl ? withUnsubscribe({ subject: m.subject, body_text: m.body_text, body_html: m.body_html }, unsubscribeUrl) : m;
        ({ emlFile } = await o.mail.send({
          messageId: m.message_id, to: m.target, subject: m.subject, text: body.body_text, html: body.body_html,
          attachments: JSON.parse(m.attachments) as Attachment[], unsubscribeUrl,
        }));
      } else {
        const hook = o.settings.webhooks.find((w) => w.id === m.target);
        if (!hook) throw new Error(`webhook ${m.target} is not configured (settings.alerts.webhooks)`);
        await postWebhook(hook, m.message_id, m.payload);
      }
      o.onProgress?.(`accepted ${m.message_id}`);
    } catch (err) {
      const error = redactText((err as Error).message).slice(0, 500);
      const next = new Date(now().getTime() + o.settings.retry.backoffMs * 2 ** m.attempts);
      await transaction(o.db, async (tx) => {
        const [r] = await tx.rows<{ status: string }>('outbox-retry', { message_id: m.message_id, error, next: next.toISOString(), max_attempts: o.settings.retry.attempts });
        if (r?.status === 'failed') {
          await tx.run('audit-insert', { action: 'message_failed', target: m.message_id, details: JSON.stringify({ channel: m.channel, to: m.target, subject: m.subject, attempts: m.attempts + 1, error }) });
        }
      });
      o.log?.warn({ channel: m.channel, target: m.target, attempt: m.attempts + 1, error }, 'send failed');
      o.onProgress?.(`failed ${m.message_id}`);
      return false;
    }
    await transaction(o.db, async (tx) => {
      await tx.run('outbox-sent', { message_id: m.message_id, now: now().toISOString(), eml_file: emlFile });
      await tx.run('audit-insert', { action: 'message_sent', target: m.message_id, details: JSON.stringify({ channel: m.channel, to: m.target, subject: m.subject, kind: m.kind, ...(emlFile ? { eml_file: emlFile } : {}), ...(m.in_doubt ? { in_doubt: true } : {}) }) });
    });
    o.onProgress?.(`sent ${m.message_id}`);
    return true;
  }

  /** Stops polling and waits for the message being sent. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
    this.#o.mail.close();
  }
}
