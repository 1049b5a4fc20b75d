import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { api, quarantineExport, type QuarantineRow, type QuarantineSummary } from '../api.ts';
import { count, date, dateTime, QUARANTINE_STATUS_LABELS } from '../format.ts';
import { errorText } from '../messages.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { navigate, stateView } from './navigate.ts';
import './cds-data-table.ts';

const PAGE = 50;
const STATUSES = ['open', 'resolved', 'repeated'] as const;

/** The export's fields in the order of the registers, as the raw row shows them. */
const FIELDS: [string, string][] = [
  ['unit_code', 'Mã đơn vị'], ['doc_id', 'Mã văn bản'], ['direction', 'Sổ'], ['number', 'Số, ký hiệu'], ['doc_type', 'Loại'],
  ['doc_date', 'Ngày văn bản'], ['event_time', 'Gửi/nhận'], ['security', 'Độ mật'], ['channel', 'Hình thức'], ['signed', 'Ký số'],
  ['deadline', 'Hạn xử lý'], ['completed_time', 'Hoàn thành'],
];

/**
 * "Dữ liệu lỗi", for administrators: the rows of the units' exports that the load could not
 * take, as a work queue. Counts per unit (with each unit's open rows to download for it to
 * correct its export) and per reason, then the rows themselves: the reason in Vietnamese,
 * the file and row to fix, and the row as it was received. State in the URL: code is the
 * unit, reason the status (open by default), page the page.
 */
export class CdsQuarantine extends LitElement {
  static override properties = { unit: {}, status: {}, page: { type: Number } };
  declare unit: string | null;
  declare status: string | null;
  declare page: number;

  // (the rows' cells live in cds-data-table's shadow root: they use the shared classes only)
  static override styles = [shared, css`
    .downloads a { margin-right: 0.5rem; }
  `];

  constructor() {
    super();
    this.unit = null;
    this.status = null;
    this.page = 1;
  }

  get #status(): string {
    return this.status && (STATUSES as readonly string[]).includes(this.status) ? this.status : 'open';
  }

  #summary = new Task(this, {
    task: ([status], { signal }) => api.quarantineSummary(status, signal),
    args: () => [this.#status] as const,
  });

  #rows = new Task(this, {
    task: ([status, unit, page], { signal }) => api.quarantine(status, unit, PAGE, (page - 1) * PAGE, signal),
    args: () => [this.#status, this.unit, this.page] as const,
  });

  #go(e: Event, to: { unit?: string | null; status?: string; page?: number }) {
    navigate(e, { view: 'quarantine', code: to.unit === undefined ? this.unit : to.unit, reason: to.status ?? this.#status, page: to.page ?? 1 });
  }

  #unitColumns: Column<QuarantineSummary['by_unit'][number]>[] = [
    { key: 'unit', label: 'Đơn vị', value: (r) => r.unit_name ?? r.unit_code,
      cell: (r) => html`<a href=${stateView({ view: 'quarantine', code: r.unit_code, reason: this.#status })} @click=${(e: Event) => this.#go(e, { unit: r.unit_code })}>${r.unit_name ?? html`<span class="bad">${r.unit_code ?? 'không có mã'} (không có trong danh mục)</span>`}</a>` },
    { key: 'code', label: 'Mã', value: (r) => r.unit_code },
    { key: 'rows', label: 'Số dòng', type: 'integer', value: (r) => r.rows, cell: (r) => count(r.rows) },
    { key: 'download', label: 'Tải cho đơn vị sửa', value: () => null, cell: (r) => (r.unit_code === null ? '—'
      : html`<a href=${quarantineExport('xlsx', r.unit_code, this.#status)} download>Excel</a> · <a href=${quarantineExport('csv', r.unit_code, this.#status)} download>CSV</a>`) },
  ];

  #reasonColumns: Column<QuarantineSummary['by_reason'][number]>[] = [
    { key: 'reason', label: 'Lỗi', value: (r) => r.label_vi },
    { key: 'rows', label: 'Số dòng', type: 'integer', value: (r) => r.rows, cell: (r) => count(r.rows) },
  ];

  #rowColumns: Column<QuarantineRow>[] = [
    { key: 'unit', label: 'Đơn vị', value: (r) => r.unit_name ?? r.unit_code, cell: (r) => r.unit_name ?? html`<span class="bad">${r.unit_code ?? 'không có mã'}</span>` },
    { key: 'where', label: 'Tệp, dòng', value: (r) => `${r.file} dòng ${r.row_no}`,
      cell: (r) => html`${r.file}, dòng <strong>${r.row_no}</strong><br><span class="muted">lần nạp ${r.run_id}, ${dateTime(r.loaded_at)}${r.seen && r.seen > 1 ? `; nhận ${r.seen} lần` : ''}</span>` },
    { key: 'reason', label: 'Lỗi cần sửa', value: (r) => r.reason_vi },
    { key: 'raw', label: 'Dữ liệu gốc', value: (r) => (r.values ? FIELDS.map(([k, l]) => `${l}: ${r.values![k] ?? ''}`).join('; ') : r.raw),
      // the field at fault in red, the others as received
      cell: (r) => (r.values
        ? html`${FIELDS.map(([k, label], i) => html`${i ? '; ' : ''}<span class=${r.problems.some((p) => p.field === k) ? 'bad' : ''}>${label}: ${r.values![k] ?? '—'}</span>`)}`
        : html`<span class="muted">Dòng gốc:</span> ${r.raw ?? ''}`) },
    { key: 'day', label: 'Tính vào ngày', value: (r) => r.event_date,
      cell: (r) => (r.event_date ? html`${date(r.event_date)}${r.date_basis === 'received' ? html`<br><span class="muted">(ngày nhận tệp)</span>` : ''}` : '—') },
    { key: 'status', label: 'Tình trạng', value: (r) => QUARANTINE_STATUS_LABELS[r.status] ?? r.status,
      cell: (r) => html`<span class=${r.status === 'open' ? 'bad' : 'good'}>${QUARANTINE_STATUS_LABELS[r.status] ?? r.status}</span>${r.resolved_by_run ? html`<br><span class="muted">lần nạp ${r.resolved_by_run}</span>` : ''}` },
  ];

  override render() {
    const status = this.#status;
    return html`
      <h2>Dữ liệu lỗi</h2>
      <p class="note">Các dòng trong tệp xuất của đơn vị mà hệ thống không đọc được. Chúng chưa được tính vào số liệu; số liệu của đơn vị có các dòng
        này được đánh dấu "Chưa đủ dữ liệu". Một dòng được coi là đã xử lý khi đơn vị sửa trên hệ thống của mình và xuất lại văn bản đó (cùng mã văn bản).</p>
      <div class="toolbar" role="group" aria-label="Lọc theo tình trạng">
        ${STATUSES.map((s) => html`<a href=${stateView({ view: 'quarantine', code: this.unit, reason: s })} aria-current=${s === status ? 'true' : 'false'}
          @click=${(e: Event) => this.#go(e, { status: s })}>${QUARANTINE_STATUS_LABELS[s]}</a>`)}
      </div>
      ${this.#summary.render({
        pending: () => html`<div class="state" role="status">Đang tải…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được: ${errorText(e)}</div>`,
        complete: (s) => (s.total === 0
          ? html`<div class="state" id="quarantine-empty">Không có dòng nào ở tình trạng "${QUARANTINE_STATUS_LABELS[status]}".</div>`
          : html`
            <h3>Theo đơn vị: ${count(s.total)} dòng ${QUARANTINE_STATUS_LABELS[status]?.toLocaleLowerCase('vi')}</h3>
            <cds-data-table id="quarantine-units" .rows=${s.by_unit} .columns=${this.#unitColumns} filename=${`du-lieu-loi-theo-don-vi-${status}.csv`}></cds-data-table>
            <h3>Theo lỗi</h3>
            <cds-data-table id="quarantine-reasons" .rows=${s.by_reason} .columns=${this.#reasonColumns} filename=${`du-lieu-loi-theo-loi-${status}.csv`}></cds-data-table>`),
      })}
      ${this.#rows.render({
        pending: () => html`<div class="state" role="status">Đang tải các dòng lỗi…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được các dòng lỗi: ${errorText(e)}</div>`,
        complete: (r) => {
          if (r.total === 0) return html``;
          const pages = Math.max(1, Math.ceil(r.total / PAGE));
          const unitName = r.rows[0]?.unit_name ?? this.unit;
          return html`
            <h3>Các dòng${this.unit ? html` của ${unitName} (<a href=${stateView({ view: 'quarantine', code: null, reason: status })} @click=${(e: Event) => this.#go(e, { unit: null })}>xem tất cả đơn vị</a>)` : ''}</h3>
            ${this.unit ? html`<p class="downloads">Tải các dòng này cho đơn vị sửa và xuất lại:
              <a id="download-xlsx" href=${quarantineExport('xlsx', this.unit, status)} download>Excel</a>
              <a id="download-csv" href=${quarantineExport('csv', this.unit, status)} download>CSV</a></p>` : ''}
            <cds-data-table id="quarantine-rows" .rows=${r.rows} .columns=${this.#rowColumns} .sortable=${false}
              filename=${`du-lieu-loi-${this.unit ?? 'tat-ca'}-${status}-trang-${this.page}.csv`}></cds-data-table>
            <nav class="toolbar" aria-label="Trang">
              ${this.page > 1 ? html`<a href=${stateView({ view: 'quarantine', code: this.unit, reason: status, page: this.page - 1 })} @click=${(e: Event) => this.#go(e, { page: this.page - 1 })}>← Trang trước</a>` : ''}
              <span>Trang ${this.page}/${pages} · ${count(r.total)} dòng</span>
              ${this.page < pages ? html`<a href=${stateView({ view: 'quarantine', code: this.unit, reason: status, page: this.page + 1 })} @click=${(e: Event) => this.#go(e, { page: this.page + 1 })}>Trang sau →</a>` : ''}
            </nav>`;
        },
      })}`;
  }
}
customElements.define('cds-quarantine', CdsQuarantine);
declare global {
  interface HTMLElementTagNameMap {
    'cds-quarantine': CdsQuarantine;
  }
}
