import type ExcelJS from 'exceljs';
import { SharedText, type FastCell, type RowWriter } from './xlsx-fast-cells.ts';
import type { SheetBytes, SheetHost, SheetWriter } from './xlsx-fast-sheet.ts';
import { columnLetters, ref } from './xlsx-fast-xml.ts';

const ascii = (s: string) => Buffer.from(s, 'latin1');
const ROW_OPEN = ascii('<row r="');
const VALUE_CLOSE = ascii('</v></c>');
const ROW_CLOSE = ascii('</row>');

const NULL = 0;
const TEXT = 1;
const NUMBER = 2;
const DATE = 3;
type CellType = typeof NULL | typeof TEXT | typeof NUMBER | typeof DATE;

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
  readonly #book: SheetHost;
  readonly #sheet: SheetWriter;
  readonly #bytes: SheetBytes;
  readonly #columnStyles: readonly Partial<ExcelJS.Style>[];
  /** per column: `<c r="B` */
  readonly #cellOpen: Buffer[];
  /** by style id and type of cell (4 id + type): what follows a cell's reference */
  readonly #cellMiddle = new Map<number, Buffer>();
  /** room for one row: every cell's markup, reference and value (numbers, ids) take far less than 128 bytes */
  readonly #rowRoom: number;
  /** by column and type of cell (4 column + type): what follows a cell's reference with the column's style (#open) */
  readonly #columnMiddle: (Buffer | null | undefined)[];
  /** by row height: ` ht="26" customHeight="1"` */
  readonly #heights = new Map<number, Buffer>();
  #next: number;

  constructor(book: SheetHost, sheet: SheetWriter, columnStyles: readonly Partial<ExcelJS.Style>[], firstRow: number) {
    this.#book = book;
    this.#sheet = sheet;
    this.#bytes = sheet.bytes;
    this.#columnStyles = columnStyles;
    this.#cellOpen = columnStyles.map((_, c) => ascii(`<c r="${columnLetters(c + 1)}`));
    this.#rowRoom = 256 + 128 * columnStyles.length;
    this.#columnMiddle = new Array<Buffer | null | undefined>(4 * columnStyles.length).fill(undefined);
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
    if (height) this.#put(this.#height(height));
    b.buf[b.pos++] = 0x3e; // >
    const strings = this.#book.strings;
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      if (v === null || v === undefined) {
        // an empty cell is written only for its style
        const middle = this.#open(c, NULL, cellStyles);
        if (!middle) continue;
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#put(middle);
      } else if (typeof v === 'string' || v instanceof SharedText) {
        const middle = this.#open(c, TEXT, cellStyles)!;
        const id = typeof v === 'string' ? strings.id(v) : v.id >= 0 ? (strings.count++, v.id) : (v.id = strings.id(v.text));
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#put(middle);
        this.#int(id);
        this.#put(VALUE_CLOSE);
      } else if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new Error(`xlsx-fast: ${ref(r, c + 1)}: ${v} is not a number to write`);
        const middle = this.#open(c, NUMBER, cellStyles)!;
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#put(middle);
        if (Number.isInteger(v) && v >= 0 && v < 2 ** 31) this.#int(v);
        else this.#ascii(String(v));
        this.#put(VALUE_CLOSE);
      } else {
        const middle = this.#open(c, DATE, cellStyles)!;
        this.#cellStart(c, rowNo, rowNoEnd);
        this.#put(middle);
        this.#ascii(v.serial);
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

  /**
   * What follows the reference of column c's cell of a type (`" s="12" t="s"><v>`, …): of the
   * row's own style for the cell, or of the column's, worked out once per column and type;
   * null for an empty cell without a style (not written)
   */
  #open(c: number, type: CellType, cellStyles: readonly Partial<ExcelJS.Style>[] | undefined): Buffer | null {
    const own = cellStyles?.[c];
    if (own) {
      const s = this.#book.styles.id(own, type === DATE);
      return type === NULL && !s ? null : this.#middle(type, s);
    }
    const k = 4 * c + type;
    let bytes = this.#columnMiddle[k];
    if (bytes === undefined) {
      // styles.id() on the same object gives the same id: asked once per column and kind of cell, the file is the same
      const s = this.#book.styles.id(this.#columnStyles[c]!, type === DATE);
      this.#columnMiddle[k] = bytes = type === NULL && !s ? null : this.#middle(type, s);
    }
    return bytes;
  }

  /** ` ht="26" customHeight="1"` */
  #height(height: number): Buffer {
    let bytes = this.#heights.get(height);
    if (!bytes) this.#heights.set(height, (bytes = ascii(` ht="${height}" customHeight="1"`)));
    return bytes;
  }

  /** ASCII text (a number's digits, point, sign, exponent), a character at a time: shorter than a call to Buffer.write */
  #ascii(s: string): void {
    const b = this.#bytes;
    const buf = b.buf;
    let pos = b.pos;
    for (let k = 0; k < s.length; k++) buf[pos++] = s.charCodeAt(k);
    b.pos = pos;
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
