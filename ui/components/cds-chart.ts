import { css, html, LitElement, type PropertyValues } from 'lit';
import embed, { type Result, type VisualizationSpec } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import { FORMAT_LOCALE, TIME_LOCALE } from '../charts/vega-locale.ts';

/** A Vega-Lite chart; its view is finalized when the spec changes and when the element leaves the page. */
export class CdsChart extends LitElement {
  static override properties = { spec: { attribute: false }, label: {} };
  declare spec: VisualizationSpec | undefined;
  declare label: string;
  #result: Result | undefined;

  static override styles = css`
    :host { display: block; width: 100%; }
    div { width: 100%; }
  `;

  constructor() {
    super();
    this.label = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('spec')) void this.#draw();
  }

  async #draw(): Promise<void> {
    this.#result?.finalize();
    this.#result = undefined;
    const target = this.renderRoot.querySelector('div');
    if (!this.spec || !target) return;
    // the interpreter, not generated code: the page's Content-Security-Policy allows no eval
    // the chart's description is its label (Vega's default, "Vega visualization", is English)
    this.#result = await embed(target, { ...this.spec, description: this.label } as VisualizationSpec, { actions: false, renderer: 'svg', tooltip: true, ast: true, expr: expressionInterpreter, formatLocale: FORMAT_LOCALE, timeFormatLocale: TIME_LOCALE });
    // the chart is one image named by its label (the table beside it holds the same figures):
    // Vega's own marks are hidden from assistive technology, which would read them as unnamed images
    const svg = target.querySelector('svg');
    svg?.setAttribute('aria-hidden', 'true');
    svg?.setAttribute('aria-label', this.label); // not Vega's own "Vega visualization"
    svg?.removeAttribute('aria-roledescription');
    this.dispatchEvent(new Event('chart-ready', { bubbles: true, composed: true }));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#result?.finalize();
    this.#result = undefined;
  }

  override render() {
    return html`<div role="img" aria-label=${this.label}></div>`;
  }
}
customElements.define('cds-chart', CdsChart);

declare global {
  interface HTMLElementTagNameMap {
    'cds-chart': CdsChart;
  }
}
