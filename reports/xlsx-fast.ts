import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';

/**
 * The costly parts of a big streamed workbook (the inspection work list: 100,000 documents,
 * 200,000 distinct texts) done without ExcelJS's object model, with the same bytes as a
 * result:
 *
 * - FastRowWriter: a sheet's rows. ExcelJS builds a Row, a Cell and a value object for
 *   every cell, then a model, then renders it node by node, string by string; here each
 *   row goes straight into bytes.
 * - fastSharedStrings: the table of shared strings, looked up in a Map instead of a plain
 *   object, and written in one pass instead of node by node.
 *
 * They write exactly what ExcelJS's own writers (RowXform, CellXform as
 * WorksheetWriter._writeRow calls them; SharedStringsXform as WorkbookWriter.addSharedStrings
 * calls it) write for the same values and style objects, in the same order: style ids from
 * the workbook's own style manager (addStyleModel with the cell's type, as CellXform.prepare
 * calls it), text through the workbook's shared strings table (t="s"), numbers and dates
 * as ExcelJS turns them into text (utils.dateToExcel), escaping by ExcelJS's own xmlEncode.
 * xlsx-fast.test.ts holds the result to ExcelJS's byte for byte, every part of the file.
 *
 * They rely on the internals of the streaming writer of exceljs 4.4.0 (the version
 * package.json pins): a sheet's stream and row counter, the workbook's style manager,
 * shared strings and zip. What they use is checked before they start; an upgrade of
 * ExcelJS must pass xlsx-fast.test.ts.
 */

const require = createRequire(import.meta.url);
const excelUtils = require('exceljs/lib/utils/utils.js') as { xmlEncode(text: string): string; dateToExcel(d: Date, date1904?: boolean): number };
const { xmlEncode } = excelUtils;

/** A date cell: its value as the number ExcelJS writes for the Date (days since 1899-12-30). */
export class DateCell {
  /** the number as text (ASCII: digits, point, sign, exponent) */
  readonly serial: string;
  constructor(date: Date) {
    // what CellXform writes for a Date value: xmlEncode(String(utils.dateToExcel(value, date1904)))
    this.serial = xmlEncode(String(excelUtils.dateToExcel(date, false)));
  }
}

/**
 * A text that repeats down a column (a unit, a type of document): a string cell like any
 * other, whose id in the shared strings table is looked up once, the first time it is
 * written, instead of once per cell. For one writer's workbook only.
 */
export class SharedText {
  id = -1;
  constructor(readonly text: string) {}
}

/** null: an empty cell that still has its style (its border, its fill) */
export type FastCell = string | SharedText | number | DateCell | null;

interface Styles {
  addStyleModel(model: Partial<ExcelJS.Style>, cellType?: ExcelJS.ValueType): number;
}
interface SharedStrings {
  add(value: string): number;
  readonly count: number;
  readonly values: readonly unknown[];
}
interface WorkbookInternals {
  styles?: Styles;
  sharedStrings?: SharedStrings;
  zip?: { append(data: string | Buffer, options: { name: string }): unknown };
  addSharedStrings?: () => Promise<void>;
}
/** where a sheet's stream hands its data to the zip (archiver's PassThrough, a readable-stream 2 stream) */
interface ZipInput {
  write(chunk: Uint8Array): unknown;
  _writableState?: { length?: number };
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}
interface SheetInternals {
  stream: { write(data: string | Uint8Array): unknown; batch?: boolean; pipes?: ZipInput[]; _flush?: () => void };
  startedData: boolean;
  _rows: unknown[] | null;
  _rowZero: number;
  useSharedStrings: boolean;
}

const notExcelJs = (what: string) => new Error(`${what}: this is not the streaming writer of exceljs 4.4.0 it was written for`);

const hasValue = (values: readonly FastCell[]) => {
  for (let c = 0; c < values.length; c++) if (values[c] !== null && values[c] !== undefined) return true;
  return false;
};

const columnLetters = (n: number) => {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};

const ascii = (s: string) => Buffer.from(s, 'latin1');
const ROW_OPEN = ascii('<row r="');
const VALUE_CLOSE = ascii('</v></c>');
const ROW_CLOSE = ascii('</row>');
const BUFFER_BYTES = 1 << 20;

const NULL = 0;
const TEXT = 1;
const NUMBER = 2;
const DATE = 3;
type CellType = typeof NULL | typeof TEXT | typeof NUMBER | typeof DATE;

/**
 * Writes a sheet's rows as ExcelJS does, straight into bytes: all of a row's XML is ASCII
 * (tags, cell references, style ids, numbers, the ids of shared strings), so it is copied
 * byte by byte from pieces encoded once, with no string built per cell.
 */
export class FastRowWriter {
  readonly #sheet: SheetInternals;
  readonly #styles: Styles;
  readonly #strings: SharedStrings;
  readonly #columnStyles: readonly Partial<ExcelJS.Style>[];
  /** per column: `<c r="B` */
  readonly #cellOpen: Buffer[];
  /** by style id and type of cell (4 id + type): what follows a cell's reference */
  readonly #cellMiddle = new Map<number, Buffer>();
  /** by number of cells: ` spans="1:14" x14ac:dyDescent="0.25"` and what may come between */
  readonly #rowTails = new Map<number, Buffer>();
  /** room for one row: every cell's markup, reference and value (numbers, ids) take far less than 128 bytes */
  readonly #rowRoom: number;
  #rowStyle: number | undefined;
  #buf = Buffer.allocUnsafe(BUFFER_BYTES);
  #pos = 0;
  #next: number;

  /**
   * `columnStyles[c]` is the style object of column c + 1's cells (one object per column,
   * as ExcelJS would be given it with `cell.style = …`). The sheet's earlier rows must all
   * be committed; rows are then written from `firstRow` on, one after the other.
   */
  constructor(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ExcelJS.Worksheet, columnStyles: readonly Partial<ExcelJS.Style>[], firstRow: number) {
    const wb = workbook as unknown as WorkbookInternals;
    const ws = sheet as unknown as SheetInternals;
    if (typeof wb.styles?.addStyleModel !== 'function' || typeof wb.sharedStrings?.add !== 'function' || typeof ws.stream?.write !== 'function'
      || typeof ws._rowZero !== 'number' || !Array.isArray(ws._rows)) {
      throw notExcelJs('FastRowWriter');
    }
    if (!ws.useSharedStrings) throw new Error('FastRowWriter writes text as shared strings: the workbook must use them');
    // a sheet's stream (StreamBuf in batch mode) copies what it is given into its own buffers
    if (ws.stream.batch !== true) throw notExcelJs('FastRowWriter');
    if (!ws.startedData || ws._rows.length !== 0 || ws._rowZero !== firstRow) {
      throw new Error(`FastRowWriter: commit the sheet's rows before row ${firstRow} first (next row to write: ${ws._rowZero}, uncommitted: ${ws._rows.length})`);
    }
    this.#sheet = ws;
    this.#styles = wb.styles;
    this.#strings = wb.sharedStrings;
    this.#columnStyles = columnStyles;
    this.#cellOpen = columnStyles.map((_, c) => ascii(`<c r="${columnLetters(c + 1)}`));
    this.#rowRoom = 512 + 128 * columnStyles.length;
    this.#next = firstRow;
  }

  /** the number of the next row to write */
  get nextRow(): number {
    return this.#next;
  }

  /**
   * One row: a value for each column (every column gets a cell, as ExcelJS's getCell does),
   * the row's height, if any, and the cells' own style objects, if not their column's.
   * Written to the sheet at the next flush().
   */
  write(values: readonly FastCell[], height?: number, cellStyles?: readonly Partial<ExcelJS.Style>[]): void {
    const r = this.#next++;
    // WorksheetWriter._writeRow: a row with no value and no height is not written at all
    if (!height && !hasValue(values)) return;
    if (values.length > this.#columnStyles.length) throw new Error(`FastRowWriter: ${values.length} values for ${this.#columnStyles.length} columns`);
    // RowXform.prepare: the row's own style first (a new Row's is {}: the same id every
    // time, so it is asked for once), then each cell's
    const rowStyle = (this.#rowStyle ??= this.#styles.addStyleModel({}));
    let tail = this.#rowTails.get(values.length);
    if (!tail) this.#rowTails.set(values.length, (tail = ascii(`${values.length > 0 ? ` spans="1:${values.length}"` : ''}${rowStyle ? ` s="${rowStyle}" customFormat="1"` : ''} x14ac:dyDescent="0.25"`)));
    if (this.#pos + this.#rowRoom > this.#buf.length) this.flush();
    // <row r="4"[ ht="26" customHeight="1"] spans="1:14"[ s="…" customFormat="1"] x14ac:dyDescent="0.25">
    this.#bytes(ROW_OPEN);
    const rowNo = this.#pos;
    this.#int(r);
    const rowNoEnd = this.#pos;
    this.#buf[this.#pos++] = 0x22; // "
    if (height) this.#ascii(` ht="${xmlEncode(String(height))}" customHeight="1"`);
    this.#bytes(tail);
    const open = this.#pos;
    this.#buf[this.#pos++] = 0x3e; // >
    const styles = this.#styles;
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      const style = cellStyles?.[c] ?? this.#columnStyles[c]!;
      if (v === null || v === undefined) {
        // CellXform.render: an empty cell is written only when it has a style
        const s = styles.addStyleModel(style, ExcelJS.ValueType.Null);
        if (!s) continue;
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#bytes(this.#middle(NULL, s));
      } else if (typeof v === 'string' || v instanceof SharedText) {
        const s = styles.addStyleModel(style, ExcelJS.ValueType.String);
        // the table's count of references (written nowhere) counts a SharedText once
        const id = typeof v === 'string' ? this.#strings.add(v) : v.id >= 0 ? v.id : (v.id = this.#strings.add(v.text));
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#bytes(this.#middle(TEXT, s));
        this.#int(id);
        this.#bytes(VALUE_CLOSE);
      } else if (typeof v === 'number') {
        const s = styles.addStyleModel(style, ExcelJS.ValueType.Number);
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#bytes(this.#middle(NUMBER, s));
        // String(v) as ExcelJS writes it; a small whole number is the same digits
        if (Number.isInteger(v) && v >= 0 && v < 2 ** 31) this.#int(v);
        else this.#ascii(xmlEncode(String(v)));
        this.#bytes(VALUE_CLOSE);
      } else {
        const s = styles.addStyleModel(style, ExcelJS.ValueType.Date);
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#bytes(this.#middle(DATE, s));
        this.#chars(v.serial);
        this.#bytes(VALUE_CLOSE);
      }
    }
    if (this.#pos === open + 1) {
      // no cell: XmlStream closes an element without children as <row …/>
      this.#buf[open] = 0x2f; // /
      this.#buf[open + 1] = 0x3e; // >
      this.#pos = open + 2;
    } else {
      this.#bytes(ROW_CLOSE);
    }
  }

  /**
   * Writes the rows so far: straight into the zip, in pieces of up to 1 MB, once the sheet's
   * stream has handed on what ExcelJS wrote before (that stream cuts everything into pieces
   * of 64 KB, each one more trip through the zip's streams, its CRC and zlib); into the
   * sheet's stream when it has no zip to hand on to.
   */
  flush(): void {
    if (this.#pos === 0) return;
    const stream = this.#sheet.stream;
    const zip = stream.pipes?.length === 1 && typeof stream._flush === 'function' ? stream.pipes[0]! : undefined;
    if (zip) {
      // what ExcelJS has written so far, still held by its stream (batch mode), goes first;
      // what it writes after these rows goes after them, when it is handed on in turn
      stream._flush!();
      zip.write(this.#buf.subarray(0, this.#pos));
      // the zip holds on to what it is given until it has compressed it
      this.#buf = Buffer.allocUnsafe(BUFFER_BYTES);
    } else {
      // copied by the stream at once (checked above): the buffer is written again from the start
      stream.write(this.#buf.subarray(0, this.#pos));
    }
    this.#pos = 0;
  }

  /**
   * Lets the zip compress what was written: zlib works in the thread pool, each piece
   * started from the event loop, so a writer that never yields leaves all of it to the end
   * (and in memory). Flushes once half a megabyte is written, and waits for the zip to catch
   * up when more than `backlog` bytes are waiting for it.
   */
  async pause(backlog = 1 << 20): Promise<void> {
    if (this.#pos >= BUFFER_BYTES / 2) this.flush();
    await new Promise(setImmediate);
    const input = this.#sheet.stream.pipes?.[0];
    const waiting = () => input?._writableState?.length ?? 0;
    while (input && waiting() > backlog) {
      // 'drain' comes when it has taken everything; the timer in case it never does
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          input.removeListener('drain', done);
          resolve();
        };
        const timer = setTimeout(done, 20);
        input.once('drain', done);
      });
    }
  }

  /** Flushes, and hands the sheet back to ExcelJS: its next row is the one after the last written. */
  finish(): void {
    this.flush();
    this.#sheet._rowZero = this.#next;
  }

  /** `<c r="B12` (the row number copied from where the row's own was written) */
  #cellStart(c: number, rowNo: number, rowNoEnd: number): void {
    this.#bytes(this.#cellOpen[c]!);
    const buf = this.#buf;
    let pos = this.#pos;
    for (let k = rowNo; k < rowNoEnd; k++) buf[pos++] = buf[k]!;
    this.#pos = pos;
  }

  /** what follows a cell's reference: `" s="12" t="s"><v>`, `" s="12"/>`, … (as CellXform.render writes it) */
  #middle(type: CellType, style: number): Buffer {
    const key = 4 * style + type;
    let bytes = this.#cellMiddle.get(key);
    if (!bytes) {
      const s = style ? ` s="${style}"` : '';
      this.#cellMiddle.set(key, (bytes = ascii(type === NULL ? `"${s}/>` : type === TEXT ? `"${s} t="s"><v>` : `"${s}><v>`)));
    }
    return bytes;
  }

  #bytes(b: Uint8Array): void {
    const buf = this.#buf;
    let pos = this.#pos;
    for (let k = 0; k < b.length; k++) buf[pos++] = b[k]!;
    this.#pos = pos;
  }

  /** short ASCII text, character by character */
  #chars(s: string): void {
    const buf = this.#buf;
    let pos = this.#pos;
    for (let k = 0; k < s.length; k++) buf[pos++] = s.charCodeAt(k);
    this.#pos = pos;
  }

  /** ASCII text (numbers as JavaScript writes them, escaped text of ASCII only) */
  #ascii(s: string): void {
    this.#pos += this.#buf.write(s, this.#pos, 'latin1');
  }

  /** a whole number 0 ≤ n < 2^31, in decimal */
  #int(n: number): void {
    const buf = this.#buf;
    let digits = 1;
    for (let x = n; x >= 10; x = (x / 10) | 0) digits++;
    let p = this.#pos + digits;
    this.#pos = p;
    let x = n;
    do {
      const q = (x / 10) | 0;
      buf[--p] = 48 + x - q * 10;
      x = q;
    } while (x > 0);
  }
}

/** TextXform: leading or trailing white space, or a line break, is kept with xml:space="preserve". */
const PRESERVE = /^\s|\n|\s$/;

/**
 * Makes the workbook's table of shared strings faster, with the same result, for a workbook
 * of 200,000 distinct texts; call it before anything is written.
 *
 * - Looking a text up: ExcelJS keeps the ids in a plain object keyed by the text (a lookup
 *   there costs about twice a Map's for texts that are all different); here a Map, keyed
 *   the same way (the text as a property key), ids given in the same order.
 * - Writing the table (at commit): straight into a buffer instead of ExcelJS's node-by-node
 *   rendering into one string, the same bytes as SharedStringsXform.toXml of the same table.
 *   A table with rich text (none of the reports writes any) is left to ExcelJS.
 */
export function fastSharedStrings(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const wb = workbook as unknown as WorkbookInternals;
  const own = wb.addSharedStrings;
  const table = wb.sharedStrings as (SharedStrings & { _values?: unknown[]; _totalRefs?: number }) | undefined;
  const zip = wb.zip;
  if (typeof own !== 'function' || typeof table?.add !== 'function' || !Array.isArray(table._values) || typeof table._totalRefs !== 'number'
    || !Array.isArray(table.values) || typeof zip?.append !== 'function') {
    throw notExcelJs('fastSharedStrings');
  }
  if (table.count !== 0) throw new Error('fastSharedStrings: the workbook has strings already');
  const values = table._values;
  const ids = new Map<string, number>();
  // SharedStrings.add: the id of a text already in the table, or the next one
  table.add = function add(value: unknown): number {
    const key = typeof value === 'string' ? value : String(value);
    let index = ids.get(key);
    if (index === undefined) {
      index = values.length;
      ids.set(key, index);
      values.push(value);
    }
    table._totalRefs!++;
    return index;
  } as SharedStrings['add'];
  wb.addSharedStrings = async function addSharedStrings() {
    if (!table.count) return;
    if (!values.every((v) => typeof v === 'string')) {
      await own.call(wb);
      return;
    }
    // into one buffer (UTF-8), as archiver would turn ExcelJS's string into one, 64 KB of
    // text at a time: no string of the whole table (UTF-16, twice its size), no array of
    // its 200,000 pieces
    const texts = values as readonly string[];
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
    let chunk = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${table.count}" uniqueCount="${table.values.length}">`;
    for (const v of texts) {
      chunk += PRESERVE.test(v) ? `<si><t xml:space="preserve">${xmlEncode(v)}</t></si>` : `<si><t>${xmlEncode(v)}</t></si>`;
      if (chunk.length > 65_536) {
        put(chunk);
        chunk = '';
      }
    }
    put(`${chunk}</sst>`);
    zip.append(buf.subarray(0, pos), { name: '/xl/sharedStrings.xml' });
  };
}
