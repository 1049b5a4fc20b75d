import { Task } from '@lit/task';
import { html, LitElement } from 'lit';
import { api, type SourceView } from '../api.ts';
import { ago, count, dateTime } from '../format.ts';
import { errorText } from '../messages.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import './cds-data-table.ts';

/** Each ingestion source: last success, last error, rows; stale ones flagged. */
export class CdsSources extends LitElement {
  static override styles = [shared];

  #task = new Task(this, { task: (_args, { signal }) => api.sources(signal), args: () => [] as const });

  #columns: Column<SourceView>[] = [
    { key: 'id', label: 'Nguồn', value: (r) => r.id },
    { key: 'kind', label: 'Loại', value: (r) => ({ http: 'Kết nối API', folder: 'Thư mục tệp', other: 'Nạp thủ công' })[r.kind] ?? r.kind },
    { key: 'status', label: 'Tình trạng', value: (r) => status(r), cell: (r) => html`<span class=${r.stale || r.failing ? 'bad' : 'good'}>${status(r)}</span>` },
    { key: 'success', label: 'Lần thành công gần nhất', type: 'datetime', value: (r) => r.last_success_at, cell: (r) => html`${dateTime(r.last_success_at)} <span class="muted">(${ago(r.last_success_at)})</span>` },
    { key: 'error', label: 'Lỗi gần nhất', value: (r) => r.last_error, cell: (r) => (r.last_error
      ? html`${dateTime(r.last_error_at)}: ${r.last_error}${r.last_error_detail ? html`<br><span class="muted">Máy chủ nguồn trả lời: ${r.last_error_detail}</span>` : ''}`
      : '—') },
    { key: 'rows', label: 'Số dòng đã nạp', type: 'integer', value: (r) => r.rows_loaded_total, cell: (r) => count(r.rows_loaded_total) },
    { key: 'schedule', label: 'Lịch', value: (r) => r.schedule },
  ];

  override render() {
    return html`<h2>Nguồn dữ liệu</h2>
      ${this.#task.render({
        pending: () => html`<div class="state" role="status">Đang tải…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được: ${errorText(e)}</div>`,
        complete: (r) => r.sources.length === 0
          ? html`<div class="state">Chưa cấu hình nguồn dữ liệu nào.</div>`
          : html`<cds-data-table id="sources-table" .rows=${r.sources} .columns=${this.#columns} filename="nguon-du-lieu.csv"></cds-data-table>`,
      })}`;
  }
}

function status(r: SourceView): string {
  if (r.failing) return 'Đang lỗi';
  if (r.stale) return 'Chậm cập nhật';
  return 'Bình thường';
}

customElements.define('cds-sources', CdsSources);
declare global {
  interface HTMLElementTagNameMap {
    'cds-sources': CdsSources;
  }
}
