import { html, LitElement } from 'lit';
import { periodKindLabel, periodLabel } from '../format.ts';
import { kindOf, periodsOfKind } from '../state.ts';
import { shared } from '../styles.ts';

/** Chooses the reporting period: its kind (month, quarter, 6/9 months, year), then which one. */
export class CdsPeriodPicker extends LitElement {
  static override properties = { period: {}, firstMonth: { attribute: false }, lastMonth: { attribute: false } };
  declare period: string;
  declare firstMonth: string;
  declare lastMonth: string;

  static override styles = [shared];

  #emit(period: string) {
    this.dispatchEvent(new CustomEvent('cds-navigate', { detail: { period }, bubbles: true, composed: true }));
  }

  override render() {
    const kind = kindOf(this.period);
    const options = periodsOfKind(kind, this.lastMonth, this.firstMonth);
    return html`
      <label>Kỳ báo cáo
        <select id="period-kind" @change=${(e: Event) => this.#emit(periodsOfKind((e.target as HTMLSelectElement).value, this.lastMonth, this.firstMonth)[0] ?? this.period)}>
          ${['month', 'quarter', 'half', 'nine_months', 'year'].map((k) => html`<option value=${k} ?selected=${k === kind}>${periodKindLabel(k)}</option>`)}
        </select>
      </label>
      <select id="period" aria-label="Chọn kỳ" @change=${(e: Event) => this.#emit((e.target as HTMLSelectElement).value)}>
        ${(options.includes(this.period) ? options : [this.period, ...options]).map((p) => html`<option value=${p} ?selected=${p === this.period}>${periodLabel(p)}</option>`)}
      </select>`;
  }
}
customElements.define('cds-period-picker', CdsPeriodPicker);
declare global {
  interface HTMLElementTagNameMap {
    'cds-period-picker': CdsPeriodPicker;
  }
}
