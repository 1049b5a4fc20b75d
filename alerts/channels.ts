import { createHmac } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { AlertSettings } from '../config.ts';

/**
 * The two ways a message leaves: e-mail (SMTP through nodemailer, or an .eml file under
 * DATA_DIR/outbox/ when no SMTP server is configured) and webhooks (a signed JSON POST).
 */

export interface Attachment { filename: string; path: string; contentType: string }

export interface Mail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: readonly Attachment[];
  /** the unsubscribe link of a subscription's message (List-Unsubscribe, RFC 8058) */
  unsubscribeUrl: string | null;
}

export interface MailChannel {
  /** sends one e-mail; resolves with the .eml file's name when written to a folder */
  send(mail: Mail): Promise<{ emlFile: string | null }>;
  close(): void;
}

/** The domain of Message-ID headers: the sender's. */
const domainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';

function message(from: string, m: Mail) {
  return {
    from, to: m.to, subject: m.subject, text: m.text, html: m.html,
    messageId: `<${m.messageId}@${domainOf(from)}>`,
    attachments: m.attachments.map((a) => ({ filename: a.filename, path: a.path, contentType: a.contentType })),
    ...(m.unsubscribeUrl ? { list: { unsubscribe: m.unsubscribeUrl }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
  };
}

/** E-mail through an SMTP server (SMTP_URL: smtp:// with STARTTLS when offered, or smtps://; user and password in the URL). */
export function smtpChannel(url: string, from: string): MailChannel {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail(message(from, m));
      return { emlFile: null };
    },
    close: () => transport.close(),
  };
}

/** Without SMTP_URL: each e-mail as it would be sent, written as `<message id>.eml` into `dir`. */
export function folderChannel(dir: string, from: string): MailChannel {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(m) {
      const info = await transport.sendMail(message(from, m));
      mkdirSync(dir, { recursive: true });
      const name = `${m.messageId}.eml`;
      const tmp = join(dir, `${name}.${process.pid}.tmp`);
      writeFileSync(tmp, info.message as Buffer);
      renameSync(tmp, join(dir, name));
      return { emlFile: name };
    },
    close: () => transport.close(),
  };
}

export type Webhook = AlertSettings['webhooks'][number];

/** The signature header's value: HMAC-SHA256 of the raw body with the webhook's secret, hex. */
export const signature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/**
 * POSTs the JSON body to the webhook. The receiver verifies X-CDS-Signature and drops a
 * message whose X-CDS-Message-Id it has seen (a retry after a lost answer). A 2xx answer is
 * success; anything else, or no answer in 10 s, is retried by the outbox.
 */
export async function postWebhook(hook: Webhook, messageId: string, body: string, timeoutMs = 10_000): Promise<void> {
  const res = await fetch(hook.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'cds-monitor',
      'x-cds-message-id': messageId,
      'x-cds-signature': signature(hook.secret, body),
    },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status > 299) throw new Error(`webhook ${hook.id} answered HTTP ${res.status}`);
}
