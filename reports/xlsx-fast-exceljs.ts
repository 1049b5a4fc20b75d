import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { MAX_COLUMN } from './xlsx-fast-sheet.ts';
import { DateCell, SharedText, type FastCell, type RowWriter, type SheetOptions, type XlsxBook } from './xlsx-fast.ts';

/**
 * The same workbook written by ExcelJS's streaming writer through its public API only
 * (WorkbookWriter, Worksheet, Row, Cell): the reference xlsx-fast.test.ts holds XlsxWriter
 * to, and the other candidate of the writer benchmark (bench/reports.ts --reports-writer
 * exceljs). Several times slower for a big work list (README, Performance).
 */
export class ExcelJsBook implements XlsxBook<ExcelJS.Worksheet> {
  readonly #wb: ExcelJS.stream.xlsx.WorkbookWriter;

  constructor(out: Writable, options: { creator?: string; created: Date }) {
    // shared strings: text cells are t="s", as XlsxWriter writes them
    this.#wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
    if (options.creator) this.#wb.creator = options.creator;
    this.#wb.created = options.created;
    this.#wb.modified = options.created;
  }

  addWorksheet(name: string, options?: SheetOptions): ExcelJS.Worksheet {
    return this.#wb.addWorksheet(name, options);
  }

  rows(sheet: ExcelJS.Worksheet, columnStyles: readonly Partial<ExcelJS.Style>[], firstRow: number): RowWriter {
    let next = firstRow;
    // the last row written is committed with the next (or by finish()), so that
    // pageBreakAfter() can still reach it through the public Row.addPageBreak()
    let last: ExcelJS.Row | null = null;
    return {
      get nextRow() {
        return next;
      },
      write(values: readonly FastCell[], height?: number, cellStyles?: readonly Partial<ExcelJS.Style>[]) {
        const row = sheet.getRow(next++);
        values.forEach((v, c) => {
          const cell = row.getCell(c + 1);
          cell.value = v instanceof SharedText ? v.text : v instanceof DateCell ? v.date : v;
          cell.style = cellStyles?.[c] ?? columnStyles[c]!;
        });
        if (height) row.height = height;
        last?.commit();
        last = row;
      },
      pause: () => new Promise<void>((resolve) => setImmediate(resolve)),
      finish() {
        last?.commit();
        last = null;
      },
    };
  }

  pageBreakAfter(sheet: ExcelJS.Worksheet, row: number): void {
    // the rows() below keep their last row until the next: a break after it can still be added
    sheet.getRow(row).addPageBreak(1, MAX_COLUMN + 1);
  }

  commit(): Promise<void> {
    return this.#wb.commit();
  }
}
