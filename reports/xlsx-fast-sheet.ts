// A worksheet of xlsx-fast.ts's XlsxWriter, written as its rows come: getRow(n).getCell(c)
// in the shape of ExcelJS's streaming Worksheet (rows kept until committed; cells take their
// column's style, merged cells their first cell's), or rows() straight through (FastRows,
// xlsx-fast-rows.ts).
import type ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { DateCell, type SheetOptions, type XlsxSheet } from './xlsx-fast-cells.ts';
import { FastRows } from './xlsx-fast-rows.ts';
import type { XlsxStyles } from './xlsx-fast-styles.ts';
import { MAIN, ref, RELS, xmlAttr, XML_HEAD } from './xlsx-fast-xml.ts';
import type { LayoutCell, LayoutRow } from './xlsx-layout.ts';

/** the bytes gathered before they go to the zip */
const BUFFER_BYTES = 1 << 20;
/** what may wait for the zip before pause() waits: its compression runs in the thread pool while rows are made */
const BACKLOG_BYTES = 4 << 20;

/** What a sheet needs of its workbook (XlsxWriter): the styles, the shared strings, and to know when the output failed. */
export interface SheetHost {
  readonly styles: XlsxStyles;
  readonly strings: { id(text: string): number; count: number };
  /** throws the zip's or the output's error, if either failed */
  check(): void;
  /** waits for an event of a stream, or for the zip or the output to fail */
  until(emitter: NodeJS.EventEmitter, event: string): Promise<void>;
}

/**
 * A sheet's bytes on their way into its zip entry: gathered into a buffer of 1 MB, handed
 * to the entry's stream when full; pause() waits while the zip has more than a few MB left
 * to compress, so a big sheet is never held in memory.
 */
export class SheetBytes {
  readonly stream = new PassThrough({ highWaterMark: BACKLOG_BYTES });
  buf = Buffer.allocUnsafe(BUFFER_BYTES);
  pos = 0;
  readonly #book: SheetHost;

  constructor(book: SheetHost) {
    this.#book = book;
  }

  /** room for `n` more bytes */
  room(n: number): void {
    if (this.pos + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
    }
  }

  text(s: string): void {
    this.room(3 * s.length);
    this.pos += this.buf.write(s, this.pos);
  }

  flush(): void {
    this.#book.check();
    if (this.pos === 0) return;
    // the stream keeps the buffer it is given: the next bytes go into a new one
    this.stream.write(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(BUFFER_BYTES);
    this.pos = 0;
  }

  async pause(): Promise<void> {
    if (this.pos >= BUFFER_BYTES / 2) this.flush();
    // let the zip's streams move (their work is started from the event loop)
    await new Promise(setImmediate);
    while (this.stream.writableLength > BACKLOG_BYTES) {
      await this.#book.until(this.stream, 'drain');
    }
  }

  end(): void {
    this.flush();
    this.stream.end();
  }
}

/** A cell of a row kept until committed (the small sheets): ExcelJS's Cell, the part the layout uses. */
export class CellWriter implements LayoutCell {
  #value: string | number | Date | null = null;
  /** the first cell of the merged range this cell is in, if it is not that cell */
  master: CellWriter | null = null;
  style: Partial<ExcelJS.Style>;

  constructor(
    readonly row: number,
    readonly col: number,
    columnStyle: Partial<ExcelJS.Style> | undefined,
  ) {
    // a new cell has its column's style (a copy: setting its font does not change the column's)
    this.style = { ...columnStyle };
  }

  get value(): ExcelJS.CellValue {
    return this.master ? this.master.value : this.#value;
  }

  set value(v: ExcelJS.CellValue) {
    if (this.master) {
      this.master.value = v;
      return;
    }
    if (v === undefined || v === null) this.#value = null;
    else if (typeof v === 'string' || v instanceof Date) this.#value = v;
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`xlsx-fast: ${ref(this.row, this.col)}: ${v} is not a number to write`);
      this.#value = v;
    } else throw new Error(`xlsx-fast: ${ref(this.row, this.col)}: only text, numbers and dates are written (not ${JSON.stringify(v)})`);
  }

  /** whether the cell counts for its row being written (as ExcelJS counts a merged cell) */
  get hasValue(): boolean {
    return this.master !== null || this.#value !== null;
  }

  get font(): Partial<ExcelJS.Font> {
    return this.style.font!;
  }
  set font(v: Partial<ExcelJS.Font>) {
    this.style.font = v;
  }
  get numFmt(): string {
    return this.style.numFmt!;
  }
  set numFmt(v: string) {
    this.style.numFmt = v;
  }
  get alignment(): Partial<ExcelJS.Alignment> {
    return this.style.alignment!;
  }
  set alignment(v: Partial<ExcelJS.Alignment>) {
    this.style.alignment = v;
  }
  get border(): Partial<ExcelJS.Borders> {
    return this.style.border!;
  }
  set border(v: Partial<ExcelJS.Borders>) {
    this.style.border = v;
  }
  get fill(): ExcelJS.Fill {
    return this.style.fill!;
  }
  set fill(v: ExcelJS.Fill) {
    this.style.fill = v;
  }
}

class RowBuilder implements LayoutRow<CellWriter> {
  height = 0;
  readonly cells: CellWriter[] = [];
  readonly #sheet: SheetWriter;

  constructor(sheet: SheetWriter, readonly number: number) {
    this.#sheet = sheet;
  }

  getCell(col: number): CellWriter {
    if (!Number.isInteger(col) || col < 1) throw new Error(`xlsx-fast: column ${col}`);
    return (this.cells[col - 1] ??= new CellWriter(this.number, col, this.#sheet.columnStyle(col)));
  }

  /** Writes this row and every row before it. */
  commit(): void {
    this.#sheet.commitRows(this.number);
  }
}

/** A worksheet of SheetHost: rows kept until committed (getRow), or written straight through (rows()). */
export class SheetWriter implements XlsxSheet<CellWriter> {
  autoFilter?: ExcelJS.AutoFilter;
  readonly #book: SheetHost;
  readonly #options: SheetOptions;
  readonly bytes: SheetBytes;
  #columns: Partial<ExcelJS.Column>[] = [];
  readonly #pending = new Map<number, RowBuilder>();
  /** the first row not written yet */
  #next = 1;
  readonly #merges: string[] = [];
  /** manual page breaks: after each of these rows */
  readonly #rowBreaks: number[] = [];
  #started = false;
  #fast: FastRows | null = null;
  #committed = false;

  constructor(book: SheetHost, readonly name: string, readonly index: number, options: SheetOptions) {
    refuseUnknown(`sheet ${name}`, options, ['pageSetup', 'headerFooter', 'views']);
    refuseUnknown(`sheet ${name}: pageSetup`, options.pageSetup ?? {}, PAGE_SETUP_KEYS);
    refuseUnknown(`sheet ${name}: headerFooter`, options.headerFooter ?? {}, ['oddHeader', 'oddFooter']);
    this.#book = book;
    this.#options = options;
    this.bytes = new SheetBytes(book);
  }

  get committed(): boolean {
    return this.#committed;
  }

  get columns(): Partial<ExcelJS.Column>[] {
    return this.#columns;
  }

  set columns(columns: Partial<ExcelJS.Column>[]) {
    if (this.#started) throw new Error(`xlsx-fast: ${this.name}: columns are set before the first row is written`);
    this.#columns = columns;
  }

  columnStyle(col: number): Partial<ExcelJS.Style> | undefined {
    return this.#columns[col - 1]?.style;
  }

  getRow(n: number): RowBuilder {
    if (this.#committed) throw new Error(`xlsx-fast: ${this.name} is committed`);
    if (!Number.isInteger(n) || n < this.#next || this.#fast) throw new Error(`xlsx-fast: ${this.name}: row ${n} is written already (next row: ${this.#next})`);
    let row = this.#pending.get(n);
    if (!row) this.#pending.set(n, (row = new RowBuilder(this, n)));
    return row;
  }

  mergeCells(top: number, left: number, bottom: number, right: number): void {
    const master = this.getRow(top).getCell(left);
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        if (r === top && c === left) continue;
        const cell = this.getRow(r).getCell(c);
        cell.master = master;
        // the same object: what is set on the first cell later shows on all (as in ExcelJS)
        cell.style = master.style;
      }
    }
    this.#merges.push(`${ref(top, left)}:${ref(bottom, right)}`);
  }

  /** A page break after row `n` (printing starts a new page with the next row). */
  pageBreakAfter(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new Error(`xlsx-fast: ${this.name}: no page break after row ${n}`);
    this.#rowBreaks.push(n);
  }

  /** Writes the rows kept up to row `n`, in order. */
  commitRows(n: number): void {
    this.#start();
    const rows = [...this.#pending.values()].filter((r) => r.number <= n).sort((a, b) => a.number - b.number);
    for (const row of rows) {
      this.#writeRow(row);
      this.#pending.delete(row.number);
    }
    this.#next = Math.max(this.#next, n + 1);
  }

  /** rows written straight through from `firstRow` on (every earlier row committed) */
  rows(columnStyles: readonly Partial<ExcelJS.Style>[], firstRow: number): FastRows {
    if (this.#pending.size > 0 || this.#next !== firstRow) {
      throw new Error(`xlsx-fast: ${this.name}: commit the rows before row ${firstRow} first (next row to write: ${this.#next}, kept: ${this.#pending.size})`);
    }
    this.#start();
    return (this.#fast = new FastRows(this.#book, this, columnStyles, firstRow));
  }

  /** FastRows are done: the sheet's own rows go on after them */
  endFast(next: number): void {
    this.#fast = null;
    this.#next = next;
  }

  commit(): void {
    if (this.#committed) return;
    if (this.#fast) throw new Error(`xlsx-fast: ${this.name}: finish() its rows first`);
    this.commitRows(Math.max(this.#next - 1, ...this.#pending.keys()));
    const b = this.bytes;
    let tail = '</sheetData>';
    if (this.autoFilter) tail += `<autoFilter ref="${xmlAttr(autoFilterRef(this.autoFilter))}"/>`;
    if (this.#merges.length) tail += `<mergeCells count="${this.#merges.length}">${this.#merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
    tail += pageXml(this.#options);
    // as ExcelJS writes Row.addPageBreak(): after headerFooter, man="1", max the last column
    if (this.#rowBreaks.length) {
      tail += `<rowBreaks count="${this.#rowBreaks.length}" manualBreakCount="${this.#rowBreaks.length}">${this.#rowBreaks.map((r) => `<brk id="${r}" max="${MAX_COLUMN}" man="1"/>`).join('')}</rowBreaks>`;
    }
    b.text(`${tail}</worksheet>`);
    b.end();
    this.#committed = true;
  }

  /** the print titles (rows repeated on every page), for workbook.xml */
  get printTitlesRow(): string | undefined {
    return this.#options.pageSetup?.printTitlesRow;
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    const o = this.#options;
    let x = `${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${RELS}">`;
    if (o.pageSetup?.fitToPage) x += '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
    x += viewsXml(o.views);
    x += '<sheetFormatPr defaultRowHeight="15"/>';
    x += colsXml(this.#columns, this.#book.styles);
    x += '<sheetData>';
    this.bytes.text(x);
  }

  #writeRow(row: RowBuilder): void {
    // a row with no value and no height is not written (as ExcelJS)
    if (!row.height && !row.cells.some((c) => c?.hasValue)) return;
    const styles = this.#book.styles;
    let x = `<row r="${row.number}"${row.height ? ` ht="${row.height}" customHeight="1"` : ''}>`;
    for (const cell of row.cells) {
      if (!cell) continue;
      const r = ref(cell.row, cell.col);
      const v = cell.master ? null : cell.value;
      if (v === null || v === undefined) {
        const s = styles.idOf(cell.style);
        // an empty cell is written only for its style
        if (s) x += `<c r="${r}" s="${s}"/>`;
        continue;
      }
      const s = styles.idOf(cell.style, v instanceof Date);
      const sAttr = s ? ` s="${s}"` : '';
      if (typeof v === 'string') x += `<c r="${r}"${sAttr} t="s"><v>${this.#book.strings.id(v)}</v></c>`;
      else if (typeof v === 'number') x += `<c r="${r}"${sAttr}><v>${v}</v></c>`;
      else x += `<c r="${r}"${sAttr}><v>${new DateCell(v as Date).serial}</v></c>`;
    }
    this.bytes.text(`${x}</row>`);
  }
}

/** the last column's index, 0-based (XFD): a row break runs across every column */
export const MAX_COLUMN = 16383;

/** what pageXml() writes of a page set-up (horizontalCentered: read, and not written, see there) */
const PAGE_SETUP_KEYS = ['paperSize', 'orientation', 'fitToPage', 'fitToWidth', 'fitToHeight', 'horizontalCentered', 'margins', 'printTitlesRow'];

/** An option this writer would not write is an error, not a silent difference. */
function refuseUnknown(what: string, options: object, known: readonly string[]): void {
  const unknown = Object.entries(options).filter(([k, v]) => v !== undefined && !known.includes(k)).map(([k]) => k);
  if (unknown.length) throw new Error(`xlsx-fast: ${what}: ${unknown.join(', ')} not written by this writer`);
}

function autoFilterRef(f: ExcelJS.AutoFilter): string {
  if (typeof f === 'string') return f;
  const at = (a: string | { row: number; column: number }) => (typeof a === 'string' ? a : ref(a.row, a.column));
  return `${at(f.from)}:${at(f.to)}`;
}

function viewsXml(views: SheetOptions['views']): string {
  if (!views?.length) return '';
  let x = '<sheetViews>';
  views.forEach((v, i) => {
    if (v.state !== 'frozen') throw new Error(`xlsx-fast: sheet view ${JSON.stringify(v)}: only frozen panes are written`);
    const xSplit = v.xSplit ?? 0;
    const ySplit = v.ySplit ?? 0;
    const pane = ySplit && xSplit ? 'bottomRight' : ySplit ? 'bottomLeft' : 'topRight';
    x += `<sheetView workbookViewId="${i}">`;
    if (xSplit || ySplit) {
      x += `<pane${xSplit ? ` xSplit="${xSplit}"` : ''}${ySplit ? ` ySplit="${ySplit}"` : ''} topLeftCell="${ref(ySplit + 1, xSplit + 1)}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/>`;
    }
    x += '</sheetView>';
  });
  return `${x}</sheetViews>`;
}

/**
 * `<cols>`: each column's width, style and hiding. A width of exactly 9 with nothing else is
 * left out, as ExcelJS leaves it out (it takes 9 for its default width), so the columns keep
 * the widths they had when ExcelJS wrote the workbook.
 */
function colsXml(columns: readonly Partial<ExcelJS.Column>[], styles: XlsxStyles): string {
  let x = '';
  columns.forEach((c, i) => {
    if (!c) return;
    const s = c.style && Object.keys(c.style).length ? styles.id(c.style) : 0;
    const width = c.width !== undefined && c.width !== 9 ? c.width : undefined;
    if (width === undefined && !s && !c.hidden) return;
    x += `<col min="${i + 1}" max="${i + 1}"${width !== undefined ? ` width="${width}"` : ''}${s ? ` style="${s}"` : ''}${c.hidden ? ' hidden="1"' : ''}${width !== undefined ? ' customWidth="1"' : ''}/>`;
  });
  return x ? `<cols>${x}</cols>` : '';
}

/** pageMargins, pageSetup and headerFooter (the streaming ExcelJS writer wrote no printOptions: horizontalCentered is not written either, so pages print as they did) */
function pageXml(o: SheetOptions): string {
  const p = o.pageSetup;
  let x = '';
  if (p?.margins) {
    const m = p.margins;
    x += `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
  }
  if (p) {
    let a = '';
    if (p.paperSize !== undefined) a += ` paperSize="${p.paperSize}"`;
    if (p.orientation) a += ` orientation="${xmlAttr(p.orientation)}"`;
    if (p.fitToPage) a += ` fitToWidth="${p.fitToWidth ?? 1}" fitToHeight="${p.fitToHeight ?? 1}"`;
    if (a) x += `<pageSetup${a}/>`;
  }
  const h = o.headerFooter;
  if (h) {
    const part = (tag: string, text: string | undefined) => (text ? `<${tag}>${xmlAttr(text)}</${tag}>` : '');
    const inner = part('oddHeader', h.oddHeader) + part('oddFooter', h.oddFooter);
    if (inner) x += `<headerFooter>${inner}</headerFooter>`;
  }
  return x;
}
