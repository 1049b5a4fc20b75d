import { Task } from '@lit/task';
import { html, LitElement } from 'lit';
import { alertsApi, emlFile, type OutboxMessage } from '../api.ts';
import { count, dateTime } from '../format.ts';
import { errorText } from '../messages.ts';
import { shared } from '../styles.ts';
import { CHANNEL_LABELS, MESSAGE_KIND_LABELS, MESSAGE_STATUS_LABELS } from './alert-labels.ts';
import type { Column } from './cds-data-table.ts';
import './cds-data-table.ts';

/**
 * "Hộp thư đi", for administrators: every message the alerts and the scheduled deliveries
 * wrote, with its state (waiting, sent, failed after its retries). Without an SMTP server
 * (the demo) each e-mail is an .eml file, downloadable here.
 */
export class CdsOutbox extends LitElement {
  static override styles = [shared];

  #task = new Task(this, { task: (_args, { signal }) => alertsApi.outbox(signal), args: () => [] as const });

  #columns: Column<OutboxMessage>[] = [
    { key: 'created', label: 'Tạo lúc', type: 'datetime', value: (m) => m.created_at, cell: (m) => dateTime(m.created_at) },
    { key: 'kind', label: 'Loại', value: (m) => MESSAGE_KIND_LABELS[m.kind] ?? m.kind },
    { key: 'channel', label: 'Kênh', value: (m) => CHANNEL_LABELS[m.channel] ?? m.channel },
    { key: 'target', label: 'Gửi tới', value: (m) => m.target },
    { key: 'subject', label: 'Tiêu đề', value: (m) => m.subject },
    { key: 'status', label: 'Tình trạng', value: (m) => MESSAGE_STATUS_LABELS[m.status] ?? m.status,
      cell: (m) => html`<span class=${m.status === 'failed' ? 'bad' : m.status === 'sent' ? 'good' : ''}>${MESSAGE_STATUS_LABELS[m.status] ?? m.status}</span>` },
    { key: 'attempts', label: 'Số lần gửi', type: 'integer', value: (m) => m.attempts, cell: (m) => count(m.attempts) },
    { key: 'sent', label: 'Gửi lúc', type: 'datetime', value: (m) => m.sent_at, cell: (m) => (m.sent_at ? dateTime(m.sent_at) : '—') },
    { key: 'file', label: 'Tệp thư', value: (m) => m.eml_file, cell: (m) => (m.eml_file ? html`<a href=${emlFile(m.message_id)} download=${m.eml_file}>Tải tệp .eml</a>` : '—') },
  ];

  override render() {
    return html`<h2>Hộp thư đi</h2>
      ${this.#task.render({
        pending: () => html`<div class="state" role="status">Đang tải…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được: ${errorText(e)}</div>`,
        complete: (r) => html`
          <p class="note">${r.smtp
            ? 'Thư được gửi qua máy chủ thư đã cấu hình; thư gửi không được sẽ được gửi lại sau, giãn dần.'
            : 'Chưa cấu hình máy chủ thư (biến SMTP_URL): mỗi thư được ghi thành một tệp .eml trong thư mục outbox của thư mục dữ liệu, tải về được ở đây.'}
            Tổng số: ${count(r.total)} thư.</p>
          ${r.messages.length === 0
            ? html`<div class="state">Chưa có thư nào.</div>`
            : html`<cds-data-table id="outbox-table" .rows=${r.messages} .columns=${this.#columns} filename="hop-thu-di.csv"></cds-data-table>`}`,
      })}`;
  }
}

customElements.define('cds-outbox', CdsOutbox);
declare global {
  interface HTMLElementTagNameMap {
    'cds-outbox': CdsOutbox;
  }
}
