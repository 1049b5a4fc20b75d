import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { downloadCsv } from '../csv.ts';
import { shared } from '../styles.ts';

export interface Column<T> {
  key: string;
  label: string;
  /** the sortable, exportable value */
  value: (row: T) => string | number | null;
  /** how the cell shows (defaults to the value) */
  cell?: (row: T) => TemplateResult | string;
  numeric?: boolean;
}

/**
 * A table with sortable columns (buttons in the headers, so it works from the keyboard)
 * and a CSV download of exactly what it shows.
 */
export class CdsDataTable<T = Record<string, unknown>> extends LitElement {
  static override properties = {
    rows: { attribute: false },
    columns: { attribute: false },
    caption: {},
    filename: {},
    sortable: { type: Boolean },
    sortKey: { state: true },
    sortDir: { state: true },
  };
  declare rows: T[];
  declare columns: Column<T>[];
  declare caption: string;
  declare filename: string;
  declare sortable: boolean;
  declare sortKey: string | null;
  declare sortDir: 1 | -1;

  static override styles = [shared, css`
    .wrap { overflow-x: auto; border: 1px solid #d1d5db; border-radius: 8px; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: 0.5rem 0.75rem; }
    th, td { padding: 0.5rem 0.75rem; border-bottom: 1px solid #e5e7eb; text-align: left; vertical-align: top; }
    th { background: #f3f4f6; white-space: nowrap; }
    th button { border: 0; background: none; padding: 0; min-height: 0; font-weight: 700; }
    td.num, th.num { text-align: right; }
    tbody tr:hover { background: #f9fafb; }
  `];

  constructor() {
    super();
    this.rows = [];
    this.columns = [];
    this.caption = '';
    this.filename = 'bang.csv';
    this.sortable = true;
    this.sortKey = null;
    this.sortDir = 1;
  }

  #sorted(): T[] {
    const col = this.columns.find((c) => c.key === this.sortKey);
    if (!col) return this.rows;
    return [...this.rows].sort((a, b) => {
      const x = col.value(a), y = col.value(b);
      if (x === y) return 0;
      if (x === null) return 1; // no data sorts last either way
      if (y === null) return -1;
      return (x < y ? -1 : 1) * this.sortDir;
    });
  }

  #sort(key: string) {
    if (this.sortKey === key) this.sortDir = this.sortDir === 1 ? -1 : 1;
    else {
      this.sortKey = key;
      this.sortDir = 1;
    }
  }

  #download() {
    const rows = this.#sorted();
    downloadCsv(this.filename, this.columns.map((c) => c.label), rows.map((r) => this.columns.map((c) => c.value(r))));
  }

  override render() {
    const rows = this.#sorted();
    const arrow = (key: string) => (this.sortKey === key ? (this.sortDir === 1 ? ' ▲' : ' ▼') : '');
    return html`
      <div class="toolbar">
        <button @click=${() => this.#download()}>Tải CSV</button>
        <span class="muted">${rows.length.toLocaleString('vi-VN')} dòng</span>
      </div>
      <div class="wrap">
        <table>
          ${this.caption ? html`<caption>${this.caption}</caption>` : nothing}
          <thead><tr>
            ${this.columns.map((c) => html`<th class=${c.numeric ? 'num' : ''} scope="col"
                aria-sort=${this.sortKey === c.key ? (this.sortDir === 1 ? 'ascending' : 'descending') : 'none'}>
              ${this.sortable ? html`<button @click=${() => this.#sort(c.key)}>${c.label}${arrow(c.key)}</button>` : c.label}
            </th>`)}
          </tr></thead>
          <tbody>
            ${rows.map((r) => html`<tr>${this.columns.map((c) => html`<td class=${c.numeric ? 'num' : ''}>${c.cell ? c.cell(r) : (c.value(r) ?? '—')}</td>`)}</tr>`)}
          </tbody>
        </table>
      </div>`;
  }
}
customElements.define('cds-data-table', CdsDataTable);

declare global {
  interface HTMLElementTagNameMap {
    'cds-data-table': CdsDataTable;
  }
}
