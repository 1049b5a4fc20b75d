import { Task } from '@lit/task';
import { html, LitElement } from 'lit';
import { inScope } from '../access.ts';
import { api, type Scope, type UnitRates } from '../api.ts';
import type { AppContext } from '../context.ts';
import { errorText } from '../messages.ts';
import { periodBounds } from '../state.ts';
import { scopeTitle } from './scope-title.ts';
import { trendLine } from '../charts/trend-line.ts';
import { completenessWords, count, date, LEVEL_LABELS, percent, processedRate } from '../format.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { navigate, stateView } from './navigate.ts';
import { rateColumns } from './rate-columns.ts';
import './cds-chart.ts';
import './cds-completeness.ts';
import './cds-data-table.ts';

/** A district: its trend against the milestones, then its People's Committee and each commune. */
export class CdsDistrict extends LitElement {
  static override properties = { scope: { attribute: false }, ctx: { attribute: false }, code: {} };
  declare scope: Scope;
  declare ctx: AppContext;
  declare code: string;

  static override styles = [shared];

  #task = new Task(this, {
    task: async ([scope, code], { signal }) => {
      const year = Number(scope.period.slice(0, 4));
      const [area, communes, districts, trend, milestones, history] = await Promise.all([
        api.area(scope, code, signal),
        api.unitsOfLevel(scope, 'commune', signal),
        api.unitsOfLevel(scope, 'district', signal),
        api.trend(code, `${year - 1}-01`, periodBounds(scope.period).to.slice(0, 7), scope.asOf, signal),
        api.milestones(scope.asOf, signal),
        api.unitHistory(code, signal),
      ]);
      const own = districts.filter((u) => u.code === code);
      // a district that ended before the period's end (issue 17): where its units went
      const last = history.versions.at(-1);
      const ended = last?.valid_to && last.valid_to < periodBounds(scope.period).to ? { on: last.valid_to, successors: last.successors } : null;
      return { area: area.area, units: [...own, ...communes.filter((u) => u.parent_code === code)], trend, milestones: milestones.levels, ended };
    },
    args: () => [this.scope, this.code] as const,
  });

  #columns: Column<UnitRates>[] = [
    // a link to the unit's documents where the account may see them (ui/access.ts)
    { key: 'name', label: 'Đơn vị', value: (r) => r.name, cell: (r) => (inScope(this.ctx.documents, r.code)
      ? html`<a href=${stateView({ view: 'unit', code: r.code })} @click=${(e: Event) => navigate(e, { view: 'unit', code: r.code })}>${r.name}</a>` : r.name) },
    { key: 'level', label: 'Cấp', value: (r) => LEVEL_LABELS[r.level] ?? r.level },
    ...rateColumns(),
    { key: 'paper', label: 'Gửi giấy', type: 'integer', value: (r) => r.out_total - r.out_electronic, cell: (r) => count(r.out_total - r.out_electronic) },
    { key: 'unsigned', label: 'Chưa ký số', type: 'integer', value: (r) => r.out_total - r.out_signed, cell: (r) => count(r.out_total - r.out_signed) },
    { key: 'late', label: 'Quá hạn', type: 'integer', value: (r) => r.in_late, cell: (r) => count(r.in_late) },
    { key: 'complete', label: 'Dữ liệu', value: (r) => (r.complete ? 'Đủ dữ liệu' : `Chưa đủ dữ liệu: ${completenessWords(r.units_without_data, r.quarantined_rows)}`),
      cell: (r) => html`<cds-completeness compact .quarantined=${r.quarantined_rows} .withoutData=${r.units_without_data} .complete=${r.complete}></cds-completeness>` },
  ];

  override render() {
    return this.#task.render({
      pending: () => html`<div class="state" role="status">Đang tải số liệu của đơn vị…</div>`,
      error: (e) => html`<div class="state error" role="alert">Không tải được số liệu: ${errorText(e)}</div>`,
      complete: ({ area, units, trend, milestones, ended }) => {
        const marks = milestones.filter((m) => m.level !== 'province').map((m) => ({ month: m.milestone.slice(0, 7), label: `${LEVEL_LABELS[m.level]}: ${date(m.milestone)}` }));
        return html`
          ${scopeTitle(area.name, this.ctx, this.scope)}
          ${ended ? html`<p class="note" id="district-ended">Đơn vị này đã kết thúc ngày ${date(ended.on)}; số liệu sau ngày đó thuộc các đơn vị kế thừa:
            ${ended.successors.map((s, i) => html`${i ? ', ' : ''}<a href=${stateView({ view: 'district', code: s.code })} @click=${(e: Event) => navigate(e, { view: 'district', code: s.code })}>${s.name ?? s.code}</a>`)}.</p>` : ''}
                    <p class="note">${units.length > 0 ? `Cả huyện (UBND huyện và ${units.length - 1} xã)` : 'Cả đơn vị (kể cả số liệu gộp từ các đơn vị tiền thân)'}: gửi điện tử <strong>${percent(area.sent_electronic_rate)}</strong>,
            ký số <strong>${percent(area.signed_rate)}</strong>, đúng hạn <strong>${percent(area.on_time_rate)}</strong>,
            nhận điện tử <strong id="district-received">${percent(area.received_electronic_rate)}</strong>,
            xử lý trên môi trường mạng <strong id="district-processed">${processedRate(area.processed_electronic_rate, area.in_completed_unrecorded)}</strong>${area.in_completed_unrecorded > 0
              ? html` <span class="muted">(${count(area.in_completed_unrecorded)} văn bản đến đã xử lý xong chưa được ghi nhận hình thức xử lý, không tính vào tỷ lệ)</span>` : ''}.
            <cds-completeness id="district-completeness" .quarantined=${area.quarantined_rows} .withoutData=${area.units_without_data} .complete=${area.complete}></cds-completeness></p>
          <h3>Diễn biến theo tháng (kể cả trước mốc; vạch đỏ là mốc của cấp huyện và cấp xã)</h3>
          <cds-chart .spec=${trendLine(trend, marks)} label=${`Diễn biến các tỷ lệ của ${area.name} theo tháng, với các mốc của Chỉ thị`}></cds-chart>
          <h3>UBND huyện và các xã</h3>
          ${units.length === 0
            ? html`<div class="state">Chưa có đơn vị.</div>`
            : html`<cds-data-table id="units-table" .rows=${units} .columns=${this.#columns} filename=${`${this.code}-${this.scope.period}-den-${this.scope.asOf}`}
                caption=${`${area.name}: UBND huyện và các xã (bấm tiêu đề cột để sắp xếp)`}></cds-data-table>`}`;
      },
    });
  }
}
customElements.define('cds-district', CdsDistrict);
declare global {
  interface HTMLElementTagNameMap {
    'cds-district': CdsDistrict;
  }
}
