import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { inScope, may } from '../access.ts';
import { api, violationsExport, type Scope, type Violation } from '../api.ts';
import type { AppContext } from '../context.ts';
import { count, date, dateTime, percent, processedRate, REASON_LABELS } from '../format.ts';
import { errorText } from '../messages.ts';
import { scopeTitle } from './scope-title.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { navigate, stateView } from './navigate.ts';
import './cds-completeness.ts';
import './cds-data-table.ts';

const PAGE = 50;

/** A unit's violating documents: the evidence behind its figures, paged, with the filter that produced them. */
export class CdsUnit extends LitElement {
  static override properties = { scope: { attribute: false }, ctx: { attribute: false }, code: {}, reason: {}, page: { type: Number } };
  declare scope: Scope;
  declare ctx: AppContext;
  declare code: string;
  declare reason: string | null;
  declare page: number;

  static override styles = [shared, css`
    .downloads { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0.5rem 0 1rem; }
    a.button { display: inline-block; padding: 0.5rem 0.9rem; border-radius: 6px; background: #0b4f9c; color: #fff; font-weight: 600; text-decoration: none; }
    a.button:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
  `];

  constructor() {
    super();
    this.reason = null;
    this.page = 1;
  }

  #task = new Task(this, {
    task: async ([scope, code, reason, page], { signal }) => {
      const [violations, rates, check] = await Promise.all([
        api.violations(scope, code, reason, PAGE, (page - 1) * PAGE, signal),
        api.unitRates(scope, code, signal),
        // the cross-check of self-reports: staff only (ui/access.ts)
        may.crossCheck(this.ctx.user) ? api.crossCheck(scope, code, signal) : Promise.resolve(null),
      ]);
      return { ...violations, rates: rates.units[0] ?? null, check: check?.units[0] ?? null };
    },
    args: () => [this.scope, this.code, this.reason, this.page] as const,
  });

  #columns: Column<Violation>[] = [
    { key: 'number', label: 'Số, ký hiệu', value: (r) => r.number },
    { key: 'date', label: 'Ngày gửi/nhận', type: 'datetime', value: (r) => r.event_time, cell: (r) => dateTime(r.event_time) },
    { key: 'type', label: 'Loại văn bản', value: (r) => r.doc_type },
    { key: 'direction', label: 'Sổ', value: (r) => (r.direction === 'out' ? 'Đi' : 'Đến') },
    { key: 'reason', label: 'Lý do', value: (r) => r.reasons.map((x) => REASON_LABELS[x] ?? x).join('; ') },
    // paper_to_office: the document is in the register of the office that received it
    { key: 'register', label: 'Sổ của đơn vị', value: (r) => this.ctx.unitsByCode.get(r.unit_code)?.short_name ?? r.unit_code },
    { key: 'sender', label: 'Nơi gửi', value: (r) => (r.direction === 'in' ? r.sender ?? 'chưa ghi' : '—') },
    { key: 'deadline', label: 'Hạn xử lý', type: 'date', value: (r) => r.deadline, cell: (r) => date(r.deadline) },
    { key: 'completed', label: 'Hoàn thành', type: 'datetime', value: (r) => r.completed_time, cell: (r) => (r.direction === 'out' ? '—' : r.completed_time ? dateTime(r.completed_time) : 'chưa xong') },
    { key: 'source', label: 'Nguồn (tệp, dòng)', value: (r) => `${r.source_id} · ${shortFile(r.file)} · dòng ${r.row_no}`, cell: (r) => html`<span class="muted" title=${`tệp ${shortFile(r.file)}`}>lần nạp ${r.run_id}, dòng ${r.row_no}</span>` },
  ];

  #go(e: Event, to: { reason?: string | null; page?: number }) {
    navigate(e, { view: 'unit', code: this.code, reason: to.reason === undefined ? this.reason : to.reason, page: to.page ?? 1 });
  }

  override render() {
    // a unit outside the account's document scope: not asked for (the server would refuse)
    if (!inScope(this.ctx.documents, this.code)) {
      const name = this.ctx.unitsByCode.get(this.code)?.name ?? this.code;
      return html`${scopeTitle(name, this.ctx, this.scope)}<div class="state">Danh sách văn bản của ${name} chỉ dành cho đơn vị đó, tổ công tác phụ trách và cán bộ theo dõi của tỉnh.</div>`;
    }
    return this.#task.render({
      pending: () => html`<div class="state" role="status">Đang tải danh sách văn bản…</div>`,
      error: (e) => html`<div class="state error" role="alert">Không tải được danh sách: ${errorText(e)}</div>`,
      complete: (r) => {
        const pages = Math.max(1, Math.ceil(r.total / PAGE));
        return html`
          ${scopeTitle(`${r.unit.name}: văn bản chưa đạt`, this.ctx, this.scope)}
          ${r.rates ? html`<p class="note" id="unit-rates">Gửi điện tử <strong>${percent(r.rates.sent_electronic_rate)}</strong>,
            nhận điện tử <strong>${percent(r.rates.received_electronic_rate)}</strong> (${count(r.rates.in_electronic)}/${count(r.rates.in_total)} văn bản đến),
            xử lý trên môi trường mạng <strong>${processedRate(r.rates.processed_electronic_rate, r.rates.in_completed_unrecorded)}</strong>
            (${count(r.rates.in_processed_electronic)}/${count(r.rates.in_completed)} văn bản đến đã xử lý xong${r.rates.in_completed_unrecorded > 0
              ? html`; ${count(r.rates.in_completed_unrecorded)} văn bản chưa được ghi nhận hình thức xử lý, không tính vào tỷ lệ` : ''}).
            <cds-completeness .quarantined=${r.rates.quarantined_rows} .withoutData=${r.rates.units_without_data} .complete=${r.rates.complete}></cds-completeness></p>` : ''}
          ${r.check ? html`<p class=${r.check.contradicted ? 'note warn' : 'note'} id="cross-check">Đối chiếu tự báo cáo: sổ văn bản đi của đơn vị ghi
            ${count(r.check.out_electronic)}/${count(r.check.out_total)} văn bản gửi điện tử (${percent(r.check.sent_electronic_rate)});
            các đơn vị nhận ghi nhận <strong>${count(r.check.receipts_on_paper)}</strong> văn bản giấy từ đơn vị (${count(r.check.recipients)} đơn vị nhận)${r.unit.level === 'province'
              ? html`, trong đó ${count(r.check.paper_to_office)} văn bản tại Văn phòng UBND tỉnh sau mốc` : ''}.${r.check.contradicted
              ? html` <strong>Không khớp: đơn vị báo cáo 100% gửi điện tử nhưng nơi nhận vẫn nhận văn bản giấy.</strong>` : ''}</p>` : ''}
          <p class="note">Các văn bản làm giảm tỷ lệ của đơn vị (văn bản mật không liệt kê). Bộ lọc:
            ${this.reason ? REASON_LABELS[this.reason] : 'tất cả lý do'} · ${count(r.total)} văn bản.</p>
          <div class="toolbar" role="group" aria-label="Lọc theo lý do">
            ${[null, 'not_electronic', 'not_signed', 'late', ...(r.unit.level === 'province' ? ['paper_to_office'] : [])].map((reason) => html`
              <a href=${stateView({ view: 'unit', code: this.code, reason })} aria-current=${this.reason === reason ? 'true' : 'false'}
                @click=${(e: Event) => this.#go(e, { reason })}>${reason ? REASON_LABELS[reason] : 'Tất cả'}</a>`)}
          </div>
          ${r.total === 0
            ? html`<div class="state">Không có văn bản chưa đạt trong kỳ này.</div>`
            : html`
              <div class="downloads">
                <a id="violations-xlsx" class="button" href=${violationsExport('xlsx', this.scope, this.code, this.reason)} download>Tải tất cả ${count(r.total)} văn bản (Excel)</a>
                <a id="violations-csv" class="button" href=${violationsExport('csv', this.scope, this.code, this.reason)} download>Tải tất cả (CSV)</a>
                <span class="muted">Mọi trang, giờ Việt Nam, nguồn ghi theo hệ thống · tệp · dòng.</span>
              </div>
              <cds-data-table id="violations-table" .rows=${r.rows} .columns=${this.#columns} filename=${`van-ban-chua-dat-${this.code}-${this.scope.period}-trang-${this.page}`}></cds-data-table>
              <nav class="toolbar" aria-label="Trang">
                ${this.page > 1 ? html`<a href=${stateView({ view: 'unit', code: this.code, reason: this.reason, page: this.page - 1 })} @click=${(e: Event) => this.#go(e, { page: this.page - 1 })}>← Trang trước</a>` : ''}
                <span>Trang ${this.page}/${pages}</span>
                ${this.page < pages ? html`<a href=${stateView({ view: 'unit', code: this.code, reason: this.reason, page: this.page + 1 })} @click=${(e: Event) => this.#go(e, { page: this.page + 1 })}>Trang sau →</a>` : ''}
              </nav>`}`;
      },
    });
  }
}
/** A file's name without the internal address of an HTTP page (its query and host stay out of downloads). */
function shortFile(file: string | null): string {
  if (!file) return '—';
  const noQuery = file.split('?')[0]!;
  return noQuery.split('/').filter(Boolean).at(-1) ?? noQuery;
}

customElements.define('cds-unit', CdsUnit);
declare global {
  interface HTMLElementTagNameMap {
    'cds-unit': CdsUnit;
  }
}
