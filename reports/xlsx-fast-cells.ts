import type ExcelJS from 'exceljs';
import type { LayoutCell, LayoutSheet } from './xlsx-layout.ts';

/** The values and the interfaces of xlsx-fast.ts's writer (and of ExcelJS's, xlsx-fast-exceljs.ts). */

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
  /** A manual page break after row `row` of the sheet: printing starts a new page with the next row. */
  pageBreakAfter(sheet: S, row: number): void;
  /** Writes what is left and ends the zip: resolves once the output stream has taken all of it. */
  commit(): Promise<void>;
}
