import { css, html, LitElement, nothing } from 'lit';
import { completenessWords } from '../format.ts';
import { shared } from '../styles.ts';

/**
 * How complete a figure is, beside it: "Đủ dữ liệu", or "Chưa đủ dữ liệu" with the counts
 * (units without any document in the period, rows of the units' exports still in
 * quarantine) on a line of its own, so it is read aloud and printed, not only in a tooltip.
 */
export class CdsCompleteness extends LitElement {
  static override properties = {
    quarantined: { type: Number },
    withoutData: { type: Number, attribute: 'without-data' },
    complete: { type: Boolean },
    unknownUnit: { type: Number, attribute: 'unknown-unit' },
    provincesUnpublished: { type: Number, attribute: 'provinces-unpublished' },
    communesUnregistered: { type: Number, attribute: 'communes-unregistered' },
    compact: { type: Boolean },
  };
  declare quarantined: number;
  declare withoutData: number;
  declare complete: boolean;
  declare unknownUnit: number;
  /** a national figure: provinces expected that have published nothing */
  declare provincesUnpublished: number;
  /** a national figure: of the units without data, communes the roster expects that the published registries lack */
  declare communesUnregistered: number;
  /** in a table cell: the badge only, the counts in its tooltip and accessible name */
  declare compact: boolean;

  static override styles = [shared, css`
    :host { display: inline-block; }
    .badge { display: inline-block; border-radius: 999px; padding: 0.05rem 0.55rem; font-size: 0.85rem; font-weight: 600; border: 1px solid; white-space: nowrap; }
    .incomplete { color: #7c2d12; background: #fff7ed; border-color: #c2410c; }
    .complete { color: #166534; background: #f0fdf4; border-color: #15803d; }
    .counts { display: block; font-size: 0.85rem; color: #7c2d12; margin-top: 0.15rem; }
  `];

  constructor() {
    super();
    this.quarantined = 0;
    this.withoutData = 0;
    this.complete = true;
    this.unknownUnit = 0;
    this.provincesUnpublished = 0;
    this.communesUnregistered = 0;
    this.compact = false;
  }

  override render() {
    if (this.complete) return html`<span class="badge complete" title="Mọi đơn vị đều có dữ liệu, không còn văn bản lỗi chưa xử lý">Đủ dữ liệu</span>`;
    const words = completenessWords(this.withoutData, this.quarantined, this.provincesUnpublished, this.communesUnregistered)
      + (this.unknownUnit ? ` (trong đó ${this.unknownUnit.toLocaleString('vi-VN')} văn bản không xác định được đơn vị)` : '');
    return html`<span class="badge incomplete" title=${words} aria-label=${`Chưa đủ dữ liệu: ${words}`}>Chưa đủ dữ liệu</span>${this.compact ? nothing : html`<span class="counts">${words}</span>`}`;
  }
}
customElements.define('cds-completeness', CdsCompleteness);
declare global {
  interface HTMLElementTagNameMap {
    'cds-completeness': CdsCompleteness;
  }
}
