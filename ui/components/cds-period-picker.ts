import { html, LitElement } from 'lit';
import { periodKindLabel, periodLabel } from '../format.ts';
import { kindOf, periodBounds, periodsOfKind, todayInVietnam } from '../state.ts';
import { shared } from '../styles.ts';

/**
 * Chooses the reporting period (its kind, then which one) and the cut-off day, "Số liệu đến
 * ngày" (as_of): figures as they stood at the end of that day. Choosing a period goes back
 * to that period's default cut-off; "Mặc định" returns to it.
 */
export class CdsPeriodPicker extends LitElement {
  static override properties = { period: {}, asOf: {}, chosen: { type: Boolean }, firstMonth: { attribute: false }, lastMonth: { attribute: false } };
  declare period: string;
  /** the cut-off in force (chosen or default) */
  declare asOf: string;
  /** whether the cut-off was chosen (in the URL) rather than the default */
  declare chosen: boolean;
  declare firstMonth: string;
  declare lastMonth: string;

  static override styles = [shared];

  #emit(detail: { period?: string; asOf?: string | null }) {
    this.dispatchEvent(new CustomEvent('cds-navigate', { detail, bubbles: true, composed: true }));
  }

  #onAsOf(e: Event) {
    const v = (e.target as HTMLInputElement).value;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) this.#emit({ asOf: v });
  }

  override render() {
    const kind = kindOf(this.period);
    const options = periodsOfKind(kind, this.lastMonth, this.firstMonth);
    return html`
      <label>Kỳ báo cáo
        <select id="period-kind" @change=${(e: Event) => this.#emit({ period: periodsOfKind((e.target as HTMLSelectElement).value, this.lastMonth, this.firstMonth)[0] ?? this.period })}>
          ${['month', 'quarter', 'half', 'nine_months', 'year'].map((k) => html`<option value=${k} ?selected=${k === kind}>${periodKindLabel(k)}</option>`)}
        </select>
      </label>
      <select id="period" aria-label="Chọn kỳ" @change=${(e: Event) => this.#emit({ period: (e.target as HTMLSelectElement).value })}>
        ${(options.includes(this.period) ? options : [this.period, ...options]).map((p) => html`<option value=${p} ?selected=${p === this.period}>${periodLabel(p)}</option>`)}
      </select>
      <label>Số liệu đến ngày
        <input id="as-of" type="date" .value=${this.asOf} min=${periodBounds(this.period).from} max=${todayInVietnam()} @change=${(e: Event) => this.#onAsOf(e)} />
      </label>
      ${this.chosen ? html`<button id="as-of-default" @click=${() => this.#emit({ asOf: null })}>Mặc định</button>` : ''}`;
  }
}
customElements.define('cds-period-picker', CdsPeriodPicker);
declare global {
  interface HTMLElementTagNameMap {
    'cds-period-picker': CdsPeriodPicker;
  }
}
