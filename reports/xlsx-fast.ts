import type ExcelJS from 'exceljs';
import { PassThrough, type Writable } from 'node:stream';
import { ZipArchive } from 'archiver';
import { DistinctList, XlsxStyles } from './xlsx-fast-styles.ts';
import { sharedStringXml, xmlAttr } from './xlsx-fast-xml.ts';
import type { LayoutCell, LayoutRow, LayoutSheet } from './xlsx-layout.ts';

/**
 * A small SpreadsheetML (Office Open XML, ECMA-376) writer for the big streamed workbook of
 * the reports, the inspection work list: 100,000 documents, 200,000 distinct texts. It uses
 * no library's internals: the XML is ours, the zip is archiver's (public API), the styles are
 * described with ExcelJS's types so that the layout helpers of xlsx-layout.ts lay out its
 * sheets and ExcelJS's alike.
 *
 * What it writes: worksheets (column widths and styles, row heights, merged cells, a frozen
 * header, an auto-filter, A4 print set-up with print titles, fit to width, footer), text as
 * shared strings (t="s"), numbers, dates as Excel serial numbers, styles (fonts, solid
 * fills, thin borders, alignment, number formats incl. percent and dates), document
 * properties. What it does not (formulas, rich text, images, comments, hyperlinks, theme
 * colours) is refused with an error rather than left out.
 *
 * Two ways to write a sheet's rows, in order, each row once:
 * - SheetWriter.getRow(n).getCell(c): the shape of ExcelJS's streaming Worksheet (cells take
 *   their column's style, merged cells share their first cell's style, rows are kept until
 *   committed), for the small sheets (cover, summary, definitions);
 * - rows(): FastRows, a row of values at a time straight into bytes, for the work list.
 * Each sheet is a zip entry written as its rows come; only the table of shared strings is
 * held until the end. xlsx-fast.test.ts reads what it writes back with ExcelJS, LibreOffice
 * and the project's own reader (ingest/formats/xlsx.ts), against the same workbook written
 * by ExcelJS's public API (xlsx-fast-exceljs.ts).
 */

/** Excel's serial date: days since 1899-12-30 (the 1900 date system), as ExcelJS writes a Date. */
export const excelSerial = (date: Date): number => 25569 + date.getTime() / 86_400_000;

/** A date cell: its value as the serial number written for the Date. */
export class DateCell {
  /** the number as text (ASCII: digits, point, sign) */
  readonly serial: string;
  constructor(readonly date: Date) {
    const n = excelSerial(date);
    if (!Number.isFinite(n)) throw new Error(`xlsx-fast: ${String(date)} is not a date`);
    this.serial = String(n);
  }
}

/**
 * A text that repeats down a column (a unit, a type of document): a string cell like any
 * other, whose id in the shared strings table is looked up once, the first time it is
 * written, instead of once per cell. For one workbook only.
 */
export class SharedText {
  id = -1;
  constructor(readonly text: string) {}
}

/** null: an empty cell that still has its style (its border, its fill) */
export type FastCell = string | SharedText | number | DateCell | null;

/** Writes a sheet's rows one after the other, from a given row on (xlsx-fast's FastRows, or ExcelJS's cells in xlsx-fast-exceljs.ts). */
export interface RowWriter {
  /** the number of the next row to write */
  readonly nextRow: number;
  /**
   * One row: a value for each column from A on, the row's height, if any, and the cells'
   * own styles, if not their column's. A row with no value and no height is not written.
   */
  write(values: readonly FastCell[], height?: number, cellStyles?: readonly Partial<ExcelJS.Style>[]): void;
  /** Lets the zip catch up (call it every few hundred rows): waits while too much is waiting to be compressed. */
  pause(): Promise<void>;
  /** The rows are all written: the sheet's own rows go on after the last. */
  finish(): void;
}

export type SheetOptions = Partial<Pick<ExcelJS.AddWorksheetOptions, 'pageSetup' | 'headerFooter' | 'views'>>;

/** A sheet as the inspection workbook's layout writes it. */
export interface XlsxSheet<C extends LayoutCell = LayoutCell> extends LayoutSheet<C> {
  autoFilter?: ExcelJS.AutoFilter;
  commit(): void;
}

/** A workbook as the inspection workbook's layout writes it: xlsx-fast's XlsxWriter, or ExcelJS's streaming writer (xlsx-fast-exceljs.ts). */
export interface XlsxBook<S extends XlsxSheet = XlsxSheet> {
  addWorksheet(name: string, options?: SheetOptions): S;
  /** `columnStyles[c]` is the style of column c + 1's cells (one object per column, never changed after) */
  rows(sheet: S, columnStyles: readonly Partial<ExcelJS.Style>[], firstRow: number): RowWriter;
  /** Writes what is left and ends the zip: resolves once the output stream has taken all of it. */
  commit(): Promise<void>;
}

const columnLetters = (n: number) => {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};
const ref = (row: number, col: number) => `${columnLetters(col)}${row}`;

const ascii = (s: string) => Buffer.from(s, 'latin1');
const ROW_OPEN = ascii('<row r="');
const VALUE_CLOSE = ascii('</v></c>');
const ROW_CLOSE = ascii('</row>');
/** the bytes gathered before they go to the zip */
const BUFFER_BYTES = 1 << 20;
/** what may wait for the zip before pause() waits: its compression runs in the thread pool while rows are made */
const BACKLOG_BYTES = 4 << 20;

const NULL = 0;
const TEXT = 1;
const NUMBER = 2;
const DATE = 3;
type CellType = typeof NULL | typeof TEXT | typeof NUMBER | typeof DATE;

const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The table of shared strings: each distinct text once, in the order first written. */
class SharedStrings {
  readonly #list = new DistinctList();
  /** references, as the table's count attribute says */
  count = 0;

  id(text: string): number {
    this.count++;
    return this.#list.id(text);
  }

  /** xl/sharedStrings.xml, UTF-8, built in one buffer (no string of the whole table, no array of its pieces) */
  xml(): Buffer {
    let buf = Buffer.allocUnsafe(1 << 20);
    let pos = 0;
    const put = (text: string) => {
      if (pos + 3 * text.length > buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(2 * buf.length, pos + 3 * text.length));
        buf.copy(bigger, 0, 0, pos);
        buf = bigger;
      }
      pos += buf.write(text, pos);
    };
    const texts = this.#list.items;
    let chunk = `${XML_HEAD}<sst xmlns="${MAIN}" count="${this.count}" uniqueCount="${texts.length}">`;
    for (const t of texts) {
      chunk += sharedStringXml(t);
      if (chunk.length > 65_536) {
        put(chunk);
        chunk = '';
      }
    }
    put(`${chunk}</sst>`);
    return buf.subarray(0, pos);
  }
}

/**
 * A sheet's bytes on their way into its zip entry: gathered into a buffer of 1 MB, handed
 * to the entry's stream when full; pause() waits while the zip has more than a few MB left
 * to compress, so a big sheet is never held in memory.
 */
class SheetBytes {
  readonly stream = new PassThrough({ highWaterMark: BACKLOG_BYTES });
  buf = Buffer.allocUnsafe(BUFFER_BYTES);
  pos = 0;
  readonly #book: XlsxWriter;

  constructor(book: XlsxWriter) {
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

/** A worksheet of XlsxWriter: rows kept until committed (getRow), or written straight through (rows()). */
export class SheetWriter implements XlsxSheet<CellWriter> {
  autoFilter?: ExcelJS.AutoFilter;
  readonly #book: XlsxWriter;
  readonly #options: SheetOptions;
  readonly bytes: SheetBytes;
  #columns: Partial<ExcelJS.Column>[] = [];
  readonly #pending = new Map<number, RowBuilder>();
  /** the first row not written yet */
  #next = 1;
  readonly #merges: string[] = [];
  #started = false;
  #fast: FastRows | null = null;
  #committed = false;

  constructor(book: XlsxWriter, readonly name: string, readonly index: number, options: SheetOptions) {
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

const hasValue = (values: readonly FastCell[]) => {
  for (let c = 0; c < values.length; c++) if (values[c] !== null && values[c] !== undefined) return true;
  return false;
};

/**
 * A sheet's rows straight into bytes: a row's XML is ASCII (tags, cell references, style
 * ids, numbers, ids of shared strings), so it is copied byte by byte from pieces encoded
 * once, with no string built per cell.
 */
export class FastRows implements RowWriter {
  readonly #book: XlsxWriter;
  readonly #sheet: SheetWriter;
  readonly #bytes: SheetBytes;
  readonly #columnStyles: readonly Partial<ExcelJS.Style>[];
  /** per column: `<c r="B` */
  readonly #cellOpen: Buffer[];
  /** by style id and type of cell (4 id + type): what follows a cell's reference */
  readonly #cellMiddle = new Map<number, Buffer>();
  /** room for one row: every cell's markup, reference and value (numbers, ids) take far less than 128 bytes */
  readonly #rowRoom: number;
  #next: number;

  constructor(book: XlsxWriter, sheet: SheetWriter, columnStyles: readonly Partial<ExcelJS.Style>[], firstRow: number) {
    this.#book = book;
    this.#sheet = sheet;
    this.#bytes = sheet.bytes;
    this.#columnStyles = columnStyles;
    this.#cellOpen = columnStyles.map((_, c) => ascii(`<c r="${columnLetters(c + 1)}`));
    this.#rowRoom = 256 + 128 * columnStyles.length;
    this.#next = firstRow;
  }

  get nextRow(): number {
    return this.#next;
  }

  write(values: readonly FastCell[], height?: number, cellStyles?: readonly Partial<ExcelJS.Style>[]): void {
    const r = this.#next++;
    if (!height && !hasValue(values)) return;
    if (values.length > this.#columnStyles.length) throw new Error(`xlsx-fast: ${values.length} values for ${this.#columnStyles.length} columns`);
    const b = this.#bytes;
    b.room(this.#rowRoom);
    // <row r="4"[ ht="26" customHeight="1"]>
    this.#put(ROW_OPEN);
    const rowNo = b.pos;
    this.#int(r);
    const rowNoEnd = b.pos;
    b.buf[b.pos++] = 0x22; // "
    if (height) b.pos += b.buf.write(` ht="${height}" customHeight="1"`, b.pos, 'latin1');
    b.buf[b.pos++] = 0x3e; // >
    const styles = this.#book.styles;
    const strings = this.#book.strings;
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      const style = cellStyles?.[c] ?? this.#columnStyles[c]!;
      if (v === null || v === undefined) {
        // an empty cell is written only for its style
        const s = styles.id(style);
        if (!s) continue;
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#put(this.#middle(NULL, s));
      } else if (typeof v === 'string' || v instanceof SharedText) {
        const s = styles.id(style);
        const id = typeof v === 'string' ? strings.id(v) : v.id >= 0 ? (strings.count++, v.id) : (v.id = strings.id(v.text));
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#put(this.#middle(TEXT, s));
        this.#int(id);
        this.#put(VALUE_CLOSE);
      } else if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new Error(`xlsx-fast: ${ref(r, c + 1)}: ${v} is not a number to write`);
        const s = styles.id(style);
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#put(this.#middle(NUMBER, s));
        if (Number.isInteger(v) && v >= 0 && v < 2 ** 31) this.#int(v);
        else b.pos += b.buf.write(String(v), b.pos, 'latin1');
        this.#put(VALUE_CLOSE);
      } else {
        const s = styles.id(style, true);
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#put(this.#middle(DATE, s));
        b.pos += b.buf.write(v.serial, b.pos, 'latin1');
        this.#put(VALUE_CLOSE);
      }
    }
    this.#put(ROW_CLOSE);
  }

  pause(): Promise<void> {
    return this.#bytes.pause();
  }

  finish(): void {
    this.#sheet.endFast(this.#next);
  }

  /** `<c r="B12` (the row number copied from where the row's own was written) */
  #cellStart(c: number, rowNo: number, rowNoEnd: number): void {
    this.#put(this.#cellOpen[c]!);
    const b = this.#bytes;
    const buf = b.buf;
    let pos = b.pos;
    for (let k = rowNo; k < rowNoEnd; k++) buf[pos++] = buf[k]!;
    b.pos = pos;
  }

  /** what follows a cell's reference: `" s="12" t="s"><v>`, `" s="12"/>`, … */
  #middle(type: CellType, style: number): Buffer {
    const key = 4 * style + type;
    let bytes = this.#cellMiddle.get(key);
    if (!bytes) {
      const s = style ? ` s="${style}"` : '';
      this.#cellMiddle.set(key, (bytes = ascii(type === NULL ? `"${s}/>` : type === TEXT ? `"${s} t="s"><v>` : `"${s}><v>`)));
    }
    return bytes;
  }

  #put(bytes: Uint8Array): void {
    const b = this.#bytes;
    const buf = b.buf;
    let pos = b.pos;
    for (let k = 0; k < bytes.length; k++) buf[pos++] = bytes[k]!;
    b.pos = pos;
  }

  /** a whole number 0 ≤ n < 2^31, in decimal */
  #int(n: number): void {
    const b = this.#bytes;
    const buf = b.buf;
    let digits = 1;
    for (let x = n; x >= 10; x = (x / 10) | 0) digits++;
    let p = b.pos + digits;
    b.pos = p;
    let x = n;
    do {
      const q = (x / 10) | 0;
      buf[--p] = 48 + x - q * 10;
      x = q;
    } while (x > 0);
  }
}

export interface XlsxWriterOptions {
  creator?: string;
  /** the workbook's creation time, also its modification time and its zip entries' time */
  created: Date;
  /** zlib's compression level (1–9); 1 unless told: the size ExcelJS's files had (10 MB for 100,000 documents; 6 makes it 7.7 MB and takes 0.2 s more) */
  compressionLevel?: number;
}

/**
 * A workbook written into `out` as a zip, sheet after sheet: add the sheets, write and
 * commit each in turn, then commit() the workbook.
 */
export class XlsxWriter implements XlsxBook<SheetWriter> {
  readonly styles = new XlsxStyles();
  readonly strings = new SharedStrings();
  readonly #zip: ZipArchive;
  readonly #sheets: SheetWriter[] = [];
  readonly #options: XlsxWriterOptions;
  readonly #out: Writable;
  #error: Error | null = null;
  readonly #failed: Promise<never>;

  constructor(out: Writable, options: XlsxWriterOptions) {
    this.#out = out;
    this.#options = options;
    // zlib's output in pieces of 256 KB rather than 16 KB: fewer trips through the zip's
    // streams for the 60 MB of a big work list
    this.#zip = new ZipArchive({ zlib: { level: options.compressionLevel ?? 1, chunkSize: 1 << 18 } });
    let fail!: (err: Error) => void;
    this.#failed = new Promise<never>((_, reject) => { fail = reject; });
    this.#failed.catch(() => undefined);
    const onError = (err: Error) => {
      this.#error ??= err;
      fail(this.#error);
    };
    const zipStream = this.#zip;
    zipStream.on('error', onError);
    out.on('error', onError);
    // the output closed before the zip was written (a client gone away): stop writing
    out.on('close', () => {
      if (!out.writableFinished) onError(new Error('xlsx-fast: the output stream closed before the workbook was written'));
    });
    zipStream.pipe(out);
  }

  /** Throws the zip's or the output's error, if either failed. */
  check(): void {
    if (this.#error) throw this.#error;
  }

  /** Waits for an event of a stream, or for the zip or the output to fail. */
  async until(emitter: NodeJS.EventEmitter, event: string): Promise<void> {
    this.check();
    let listener!: () => void;
    try {
      await Promise.race([new Promise<void>((resolve) => emitter.once(event, (listener = resolve))), this.#failed]);
    } finally {
      emitter.removeListener(event, listener);
    }
  }

  addWorksheet(name: string, options: SheetOptions = {}): SheetWriter {
    if (this.#sheets.some((s) => s.name === name)) throw new Error(`xlsx-fast: a sheet named ${name} exists already`);
    if (name.length > 31 || /[\\/?*[\]:]/.test(name)) throw new Error(`xlsx-fast: ${name} is not a sheet name Excel takes`);
    const sheet = new SheetWriter(this, name, this.#sheets.length, options);
    this.#sheets.push(sheet);
    // archiver takes the entries one after the other: this sheet's stream is read once the sheets before it have ended
    this.#zip.append(sheet.bytes.stream, { name: `xl/worksheets/sheet${sheet.index + 1}.xml`, date: this.#options.created });
    return sheet;
  }

  rows(sheet: SheetWriter, columnStyles: readonly Partial<ExcelJS.Style>[], firstRow: number): FastRows {
    return sheet.rows(columnStyles, firstRow);
  }

  async commit(): Promise<void> {
    for (const s of this.#sheets) s.commit();
    const add = (xml: string | Buffer, name: string) => this.#zip.append(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml, { name, date: this.#options.created });
    add(this.strings.xml(), 'xl/sharedStrings.xml');
    add(this.styles.xml(), 'xl/styles.xml');
    add(this.#workbookXml(), 'xl/workbook.xml');
    add(this.#workbookRels(), 'xl/_rels/workbook.xml.rels');
    add(this.#coreXml(), 'docProps/core.xml');
    add(this.#appXml(), 'docProps/app.xml');
    add(`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + `<Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/>`
      + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
      + `<Relationship Id="rId3" Type="${RELS}/extended-properties" Target="docProps/app.xml"/></Relationships>`, '_rels/.rels');
    add(this.#contentTypes(), '[Content_Types].xml');
    const ended = this.until(this.#out, 'finish');
    await Promise.race([this.#zip.finalize(), this.#failed]);
    await ended;
  }

  #workbookXml(): string {
    const quoted = (name: string) => `'${name.replaceAll("'", "''")}'`;
    const sheets = this.#sheets.map((s) => `<sheet name="${xmlAttr(s.name)}" sheetId="${s.index + 1}" r:id="rId${s.index + 1}"/>`).join('');
    const titles = this.#sheets.filter((s) => s.printTitlesRow).map((s) => {
      const [from, to = from] = s.printTitlesRow!.split(':');
      return `<definedName name="_xlnm.Print_Titles" localSheetId="${s.index}">${xmlAttr(`${quoted(s.name)}!$${from}:$${to}`)}</definedName>`;
    }).join('');
    return `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets>`
      + `${titles ? `<definedNames>${titles}</definedNames>` : ''}<calcPr calcId="171027"/></workbook>`;
  }

  #workbookRels(): string {
    const n = this.#sheets.length;
    const sheets = this.#sheets.map((s) => `<Relationship Id="rId${s.index + 1}" Type="${RELS}/worksheet" Target="worksheets/sheet${s.index + 1}.xml"/>`).join('');
    return `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets}`
      + `<Relationship Id="rId${n + 1}" Type="${RELS}/styles" Target="styles.xml"/>`
      + `<Relationship Id="rId${n + 2}" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  }

  #contentTypes(): string {
    const ct = 'application/vnd.openxmlformats-officedocument';
    const sheets = this.#sheets.map((s) => `<Override PartName="/xl/worksheets/sheet${s.index + 1}.xml" ContentType="${ct}.spreadsheetml.worksheet+xml"/>`).join('');
    return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      + `<Override PartName="/xl/workbook.xml" ContentType="${ct}.spreadsheetml.sheet.main+xml"/>${sheets}`
      + `<Override PartName="/xl/styles.xml" ContentType="${ct}.spreadsheetml.styles+xml"/>`
      + `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.spreadsheetml.sharedStrings+xml"/>`
      + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
      + `<Override PartName="/docProps/app.xml" ContentType="${ct}.extended-properties+xml"/></Types>`;
  }

  #coreXml(): string {
    const when = `${this.#options.created.toISOString().slice(0, 19)}Z`;
    return `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
      + `${this.#options.creator ? `<dc:creator>${xmlAttr(this.#options.creator)}</dc:creator>` : ''}`
      + `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`;
  }

  #appXml(): string {
    const names = this.#sheets.map((s) => `<vt:lpstr>${xmlAttr(s.name)}</vt:lpstr>`).join('');
    const n = this.#sheets.length;
    return `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`
      + `<Application>${xmlAttr(this.#options.creator ?? 'xlsx-fast')}</Application>`
      + `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>`
      + `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${names}</vt:vector></TitlesOfParts></Properties>`;
  }
}

