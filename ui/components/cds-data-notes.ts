import { Task } from '@lit/task';
import { html, LitElement } from 'lit';
import { api, type DataNotes } from '../api.ts';
import { count, date, periodLabel } from '../format.ts';
import { errorText } from '../messages.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { navigate, stateView } from './navigate.ts';
import './cds-data-table.ts';

const PAGE = 50;
const DIRECTIONS: Record<string, string> = { out: 'Đi', in: 'Đến' };

type Group = DataNotes['groups'][number];
type Noted = DataNotes['documents'][number];

/**
 * "Ô trống" (the data-quality view), for administrators and viewers: the documents of the
 * period that the figures count by a rule because a cell was empty (an empty "Ký số" counted
 * as not signed, …), per unit and note, then the documents with the file and row to fill in.
 * They are in the figures already, never to their advantage; the unit should still fill the
 * cells so the register says what happened. State in the URL: code is the unit, reason the
 * note's code, page the page.
 */
export class CdsDataNotes extends LitElement {
  static override properties = { period: {}, unit: {}, code: {}, page: { type: Number } };
  declare period: string;
  declare unit: string | null;
  declare code: string | null;
  declare page: number;

  static override styles = [shared];

  constructor() {
    super();
    this.period = '';
    this.unit = null;
    this.code = null;
    this.page = 1;
  }

  #notes = new Task(this, {
    task: ([period, unit, code, page], { signal }) => api.dataNotes(period, unit, code, PAGE, (page - 1) * PAGE, signal),
    args: () => [this.period, this.unit, this.code, this.page] as const,
  });

  #go(e: Event, to: { unit?: string | null; code?: string | null; page?: number }) {
    navigate(e, { view: 'data-notes', code: to.unit === undefined ? this.unit : to.unit, reason: to.code === undefined ? this.code : to.code, page: to.page ?? 1 });
  }

  #groupColumns: Column<Group>[] = [
    { key: 'unit', label: 'Đơn vị', value: (r) => r.unit_name ?? r.unit_code,
      cell: (r) => html`<a href=${stateView({ view: 'data-notes', code: r.unit_code, reason: r.code })}
        @click=${(e: Event) => this.#go(e, { unit: r.unit_code, code: r.code })}>${r.unit_name ?? r.unit_code}</a>` },
    { key: 'code', label: 'Mã', value: (r) => r.unit_code },
    { key: 'note', label: 'Quy tắc đã áp dụng', value: (r) => r.example },
    { key: 'documents', label: 'Số văn bản', type: 'integer', value: (r) => r.documents, cell: (r) => count(r.documents) },
  ];

  #documentColumns: Column<Noted>[] = [
    { key: 'unit', label: 'Đơn vị', value: (r) => r.unit_code },
    { key: 'doc', label: 'Văn bản', value: (r) => `${r.doc_id} ${r.number ?? ''}`,
      cell: (r) => html`${r.number ?? '—'}<br><span class="muted">mã ${r.doc_id}, sổ ${DIRECTIONS[r.direction] ?? r.direction}</span>` },
    { key: 'day', label: 'Ngày gửi/nhận', value: (r) => r.event_date, cell: (r) => date(r.event_date) },
    { key: 'notes', label: 'Ghi chú dữ liệu', value: (r) => r.notes.map((n) => n.message).join('; '),
      cell: (r) => html`${r.notes.map((n, i) => html`${i ? html`<br>` : ''}${n.message}`)}` },
    { key: 'where', label: 'Tệp, dòng cần điền', value: (r) => `${r.file ?? ''} dòng ${r.row_no}`,
      cell: (r) => html`${r.file ?? '—'}, dòng <strong>${r.row_no}</strong><br><span class="muted">lần nạp ${r.run_id}</span>` },
  ];

  override render() {
    return html`
      <h2>Ô trống trong sổ văn bản — ${periodLabel(this.period)}</h2>
      <p class="note">Các văn bản có ô để trống mà số liệu đã tính theo quy tắc, không bao giờ có lợi cho đơn vị: ô "Ký số" trống tính là chưa ký số,
        ô "Hình thức" trống tính là không gửi điện tử, ô "Độ mật" trống tính là văn bản thường. Đơn vị nên điền đủ các ô này trên hệ thống của mình
        và xuất lại để sổ văn bản phản ánh đúng thực tế.</p>
      ${this.#notes.render({
        pending: () => html`<div class="state" role="status">Đang tải…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được: ${errorText(e)}</div>`,
        complete: (r) => this.#content(r),
      })}`;
  }

  #content(r: DataNotes) {
    if (r.groups.length === 0) return html`<div class="state" id="data-notes-empty">Không có văn bản nào có ô để trống trong kỳ này.</div>`;
    const pages = Math.max(1, Math.ceil(r.total / PAGE));
    const filtered = this.unit || this.code;
    return html`
      <h3>Theo đơn vị và quy tắc: ${count(r.groups.reduce((n, g) => n + g.documents, 0))} lượt ghi chú</h3>
      <cds-data-table id="data-notes-groups" .rows=${r.groups} .columns=${this.#groupColumns} filename=${`o-trong-theo-don-vi-${this.period}.csv`}></cds-data-table>
      <h3>Các văn bản${filtered ? html` (<a href=${stateView({ view: 'data-notes', code: null, reason: null })} @click=${(e: Event) => this.#go(e, { unit: null, code: null })}>xem tất cả</a>)` : ''}</h3>
      <cds-data-table id="data-notes-documents" .rows=${r.documents} .columns=${this.#documentColumns} .sortable=${false}
        filename=${`o-trong-${this.unit ?? 'tat-ca'}-${this.period}-trang-${this.page}.csv`}></cds-data-table>
      <nav class="toolbar" aria-label="Trang">
        ${this.page > 1 ? html`<a href=${stateView({ view: 'data-notes', code: this.unit, reason: this.code, page: this.page - 1 })} @click=${(e: Event) => this.#go(e, { page: this.page - 1 })}>← Trang trước</a>` : ''}
        <span>Trang ${this.page}/${pages} · ${count(r.total)} văn bản</span>
        ${this.page < pages ? html`<a href=${stateView({ view: 'data-notes', code: this.unit, reason: this.code, page: this.page + 1 })} @click=${(e: Event) => this.#go(e, { page: this.page + 1 })}>Trang sau →</a>` : ''}
      </nav>`;
  }
}
customElements.define('cds-data-notes', CdsDataNotes);
declare global {
  interface HTMLElementTagNameMap {
    'cds-data-notes': CdsDataNotes;
  }
}
