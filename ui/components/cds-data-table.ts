import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { errorText } from '../messages.ts';
import { shared } from '../styles.ts';
import { downloadCsv, downloadXlsx, type CellType, type ExportTable } from '../table-export.ts';

export interface Column<T> {
  key: string;
  label: string;
  /** the sortable, exportable value: a rate as a fraction, a date or instant as ISO text */
  value: (row: T) => string | number | null;
  /** how the cell shows (defaults to the value) */
  cell?: (row: T) => TemplateResult | string;
  /** what the value is, for the downloads (numbers stay numbers in XLSX); integer and percent align right */
  type?: CellType;
  /** right-aligned without a numeric type */
  numeric?: boolean;
  /** in the downloads only (the screen shows it within another column) */
  exportOnly?: boolean;
}

/**
 * A table with sortable columns (buttons in the headers, so it works from the keyboard)
 * and downloads of exactly what it shows, as XLSX and CSV (ui/table-export.ts). On a phone
 * each row becomes a card of label–value lines, so the page never scrolls sideways.
 */
export class CdsDataTable<T = Record<string, unknown>> extends LitElement {
  static override properties = {
    rows: { attribute: false },
    columns: { attribute: false },
    rowClass: { attribute: false },
    caption: {},
    notes: { attribute: false },
    filename: {},
    sortable: { type: Boolean },
    sortKey: { state: true },
    sortDir: { state: true },
    failure: { state: true },
  };
  declare rows: T[];
  declare columns: Column<T>[];
  /** a class for a row (the signed-in unit's own row is `own`) */
  declare rowClass: ((row: T) => string) | undefined;
  declare caption: string;
  /** lines the downloads carry below the rows (the page shows them beside the table) */
  declare notes: string[];
  /** the download's name without extension */
  declare filename: string;
  declare sortable: boolean;
  declare sortKey: string | null;
  declare sortDir: 1 | -1;
  declare failure: string | null;

  static override styles = [shared, css`
    .wrap { overflow-x: auto; border: 1px solid #d1d5db; border-radius: 8px; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: 0.5rem 0.75rem; }
    th, td { padding: 0.5rem 0.75rem; border-bottom: 1px solid #e5e7eb; text-align: left; vertical-align: top; }
    /* a header wraps between its words before the table outgrows the screen (ten columns at 1280 px) */
    th { background: #f3f4f6; white-space: normal; min-width: 3.5rem; }
    th button { border: 0; background: none; padding: 0; min-height: 0; font-weight: 700; }
    th.num { text-align: right; white-space: normal; }
    td.num { text-align: right; white-space: nowrap; }
    tbody tr:hover { background: #f9fafb; }
    tr.own, tr.own:hover { background: #fff4cc; font-weight: 700; box-shadow: inset 4px 0 0 #b45309; }
    @media (max-width: 40rem) {
      .wrap { border: 0; overflow: visible; }
      table, tbody, tr, td, caption { display: block; width: auto; }
      thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
      tr { border: 1px solid #d1d5db; border-radius: 8px; margin: 0 0 0.6rem; padding: 0.25rem 0; }
      td { display: flex; justify-content: space-between; gap: 0.75rem; border: 0; padding: 0.2rem 0.75rem; text-align: right; overflow-wrap: anywhere; }
      td.num { white-space: normal; }
      td::before { content: attr(data-label); font-weight: 600; color: #374151; text-align: left; flex: 0 0 auto; max-width: 45%; }
      caption { padding: 0 0 0.5rem; }
    }
  `];

  constructor() {
    super();
    this.rows = [];
    this.columns = [];
    this.rowClass = undefined;
    this.caption = '';
    this.notes = [];
    this.filename = 'bang';
    this.sortable = true;
    this.sortKey = null;
    this.sortDir = 1;
    this.failure = null;
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

  /** What the downloads hold: the rows as sorted on screen, each cell's typed value. */
  exportTable(): ExportTable {
    return {
      title: this.caption || this.filename,
      columns: this.columns.map((c) => ({ label: c.label, type: c.type ?? 'text' })),
      rows: this.#sorted().map((r) => this.columns.map((c) => c.value(r))),
      ...(this.notes.length ? { notes: this.notes } : {}),
    };
  }

  async #download(kind: 'csv' | 'xlsx') {
    this.failure = null;
    const name = this.filename.replace(/\.(csv|xlsx)$/, '');
    try {
      if (kind === 'csv') downloadCsv(`${name}.csv`, this.exportTable());
      else await downloadXlsx(`${name}.xlsx`, this.exportTable());
    } catch (e) {
      this.failure = `Không tạo được tệp tải về: ${errorText(e)}`;
    }
  }

  override render() {
    const rows = this.#sorted();
    const arrow = (key: string) => (this.sortKey === key ? (this.sortDir === 1 ? ' ▲' : ' ▼') : '');
    const right = (c: Column<T>) => c.numeric || c.type === 'integer' || c.type === 'percent';
    const shown = this.columns.filter((c) => !c.exportOnly);
    return html`
      <div class="toolbar">
        <button @click=${() => this.#download('xlsx')}>Tải Excel</button>
        <button @click=${() => this.#download('csv')}>Tải CSV</button>
        <span class="muted">${rows.length.toLocaleString('vi-VN')} dòng</span>
        ${this.failure ? html`<span class="bad" role="status">${this.failure}</span>` : nothing}
      </div>
      <div class="wrap">
        <table>
          ${this.caption ? html`<caption>${this.caption}</caption>` : nothing}
          <thead><tr>
            ${shown.map((c) => html`<th class=${right(c) ? 'num' : ''} scope="col"
                aria-sort=${this.sortKey === c.key ? (this.sortDir === 1 ? 'ascending' : 'descending') : 'none'}>
              ${this.sortable ? html`<button @click=${() => this.#sort(c.key)}>${c.label}${arrow(c.key)}</button>` : c.label}
            </th>`)}
          </tr></thead>
          <tbody>
            ${rows.map((r) => html`<tr class=${this.rowClass?.(r) ?? ''}>${shown.map((c) => html`<td class=${right(c) ? 'num' : ''} data-label=${c.label}>${c.cell ? c.cell(r) : (c.value(r) ?? '—')}</td>`)}</tr>`)}
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
