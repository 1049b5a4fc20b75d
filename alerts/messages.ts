import { createHash } from 'node:crypto';
import { formatDateTime } from '../time.ts';
import { escapeHtml } from './text.ts';

/** The messages the outbox holds: their ids, Vietnamese texts and the webhook's JSON body. */

export const SUBJECT_PREFIX = '[Chỉ thị 15]';
export const FOOTER = 'Thư tự động của hệ thống theo dõi Chỉ thị 15/CT-UBND tỉnh Thanh Hóa.';

/** A message id derived from what the message is: writing it twice is refused by the outbox's key. */
export const messageId = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

export type AlertEvent = 'raised' | 'resolved';

export interface AlertFacts {
  alert_id: string;
  rule_id: string;
  rule_name: string;
  kind: string;
  subject: string;
  /** what the subject is called: a unit's name, a source, a period */
  subject_name: string;
  unit_code: string | null;
  period: string;
  value: number | null;
  /** the alert's message, or the message of its resolution */
  message: string;
}

/** The webhook's JSON body of an alert event (README: Alerts). */
export function alertPayload(id: string, event: AlertEvent, a: AlertFacts, createdAt: Date, link: string): Record<string, unknown> {
  return {
    id,
    type: `alert.${event}`,
    created_at: createdAt.toISOString(),
    alert: {
      id: a.alert_id, rule_id: a.rule_id, rule_name: a.rule_name, kind: a.kind,
      subject: a.subject, subject_name: a.subject_name, unit_code: a.unit_code, period: a.period,
      state: event === 'raised' ? 'open' : 'resolved', value: a.value,
    },
    text: a.message,
    link,
  };
}

export interface Composed {
  subject: string;
  body_text: string;
  body_html: string;
}

/** An e-mail of one or more paragraphs, with a link to the dashboard; text and HTML say the same. */
export function compose(subject: string, greeting: string, paragraphs: readonly string[], link: string): Composed {
  const text = [greeting, '', ...paragraphs.flatMap((p) => [p, '']), `Xem trên hệ thống: ${link}`, '', FOOTER].join('\n');
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:sans-serif">`
    + `<p>${escapeHtml(greeting)}</p>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}`
    + `<p><a href="${escapeHtml(link)}">Xem trên hệ thống</a></p><p style="color:#555;font-size:small">${escapeHtml(FOOTER)}</p></body></html>`;
  return { subject: `${SUBJECT_PREFIX} ${subject}`, body_text: text, body_html: html };
}

export function alertEmail(event: AlertEvent, a: AlertFacts, username: string, link: string): Composed {
  const head = event === 'raised' ? `Cảnh báo: ${a.rule_name}` : `Đã hết cảnh báo: ${a.rule_name}`;
  return compose(`${head} — ${a.subject_name}`, `Kính gửi ${username},`, [a.message, `Quy tắc: ${a.rule_name}. Kỳ: ${a.period}.`], link);
}

export interface DigestLine { event: AlertEvent; rule_name: string; message: string }

export function digestEmail(lines: readonly DigestLine[], username: string, link: string, at: Date): Composed {
  const raised = lines.filter((l) => l.event === 'raised').length;
  return compose(
    `Tổng hợp cảnh báo ngày ${formatDateTime(at).slice(0, 10)}: ${raised} cảnh báo mới, ${lines.length - raised} đã hết`,
    `Kính gửi ${username},`,
    lines.map((l) => `${l.event === 'raised' ? 'Cảnh báo' : 'Đã hết cảnh báo'} — ${l.rule_name}: ${l.message}`),
    link,
  );
}

/** The unsubscribe paragraph added to an e-mail of a subscription when it is sent. */
export function withUnsubscribe(c: Composed, url: string): Composed {
  return {
    ...c,
    body_text: `${c.body_text}\nHủy đăng ký nhận thư này: ${url}\n`,
    body_html: c.body_html.replace('</body>', `<p style="color:#555;font-size:small"><a href="${escapeHtml(url)}">Hủy đăng ký nhận thư này</a></p></body>`),
  };
}
