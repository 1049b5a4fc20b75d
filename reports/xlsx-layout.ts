import type ExcelJS from 'exceljs';
import { cellText, NO_DATA } from './cells.ts';

/** Look and print set-up shared by the workbooks (Decree 30/2020 conventions: Times New Roman, A4). */

/**
 * The part of a worksheet the helpers below lay out: ExcelJS's Worksheet has it (the monthly
 * report), and so has xlsx-fast's SheetWriter (the inspection workbook).
 */
export interface LayoutCell {
  value: ExcelJS.CellValue;
  font: Partial<ExcelJS.Font>;
  numFmt: string;
  alignment: Partial<ExcelJS.Alignment>;
  border: Partial<ExcelJS.Borders>;
  fill: ExcelJS.Fill;
}
export interface LayoutRow<C extends LayoutCell = LayoutCell> {
  readonly number: number;
  height: number;
  getCell(col: number): C;
  commit(): void;
}
export interface LayoutSheet<C extends LayoutCell = LayoutCell> {
  columns: Partial<ExcelJS.Column>[];
  getRow(row: number): LayoutRow<C>;
  mergeCells(top: number, left: number, bottom: number, right: number): void;
}

export const FONT_NAME = 'Times New Roman';

export const font = (o: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: FONT_NAME, size: 11, ...o });

const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
export const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

export const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
export const FILLS = {
  header: fill('FFD9E1F2'),
  belowTarget: fill('FFF8CBAD'),
  changed: fill('FFFFFF00'),
  finding: fill('FFFFF2CC'),
  section: fill('FFF2F2F2'),
} as const;

export const CENTER: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };

/** A4 landscape, one page wide, as many pages tall as needed, header rows repeated on each page. */
export function a4Landscape(printTitlesRow?: string): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(printTitlesRow ? { printTitlesRow } : {}),
  };
}

export const PAGE_FOOTER = { oddFooter: '&C&"Times New Roman"&10Trang &P/&N' };

/** Options for addWorksheet: the streaming writer takes print set-up only when a sheet is created. */
export function sheetOptions(printTitlesRow?: string, frozenRows = 0): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    pageSetup: a4Landscape(printTitlesRow),
    headerFooter: PAGE_FOOTER,
    ...(frozenRows > 0 ? { views: [{ state: 'frozen', ySplit: frozenRows, xSplit: 0 }] } : {}),
  };
}

/**
 * How many lines a wrapped text takes in a column of this width (at 10-11 pt): rows written
 * by a library keep their height in Excel, so a wrapped cell needs its height set.
 */
export function linesOf(text: string, width: number, charsPerUnit = 1.35): number {
  return Math.max(1, Math.ceil(text.length / (width * charsPerUnit)));
}

/** Sets a cell's value and look; text goes through cellText, a null rate becomes "—", never 0. */
export function put<C extends LayoutCell>(
  row: Pick<LayoutRow<C>, 'getCell'>,
  col: number,
  value: string | number | Date | null | undefined,
  style: { font?: Partial<ExcelJS.Font>; numFmt?: string; alignment?: Partial<ExcelJS.Alignment>; border?: boolean; fill?: ExcelJS.Fill; noData?: boolean } = {},
): C {
  const cell = row.getCell(col);
  if (value === null || value === undefined) {
    cell.value = style.noData ? NO_DATA : null;
  } else if (typeof value === 'string') {
    cell.value = cellText(value);
  } else {
    cell.value = value;
  }
  cell.font = font(style.font);
  if (style.numFmt && (typeof value === 'number' || value instanceof Date)) cell.numFmt = style.numFmt;
  const noDataCell = (value === null || value === undefined) && style.noData;
  if (style.alignment || noDataCell) cell.alignment = noDataCell ? { ...style.alignment, horizontal: 'center' } : style.alignment!;
  if (style.border) cell.border = BORDER;
  if (style.fill) cell.fill = style.fill;
  return cell;
}

type PutStyle = Parameters<typeof put>[3];

/**
 * What put() makes of a value and a style on a new cell of a sheet whose rows and columns
 * have no style of their own: the value it gives the cell, and the style the cell ends up
 * with (the same properties, set the same way).
 */
export function lookOf(value: string | number | Date | null | undefined, style: PutStyle = {}): { value: string | number | Date | null; style: Partial<ExcelJS.Style> } {
  const missing = value === null || value === undefined;
  const shown = missing ? (style.noData ? NO_DATA : null) : typeof value === 'string' ? cellText(value) : value;
  const look: Partial<ExcelJS.Style> = { font: font(style.font) };
  if (style.numFmt && (typeof value === 'number' || value instanceof Date)) look.numFmt = style.numFmt;
  const noDataCell = missing && style.noData;
  if (style.alignment || noDataCell) look.alignment = noDataCell ? { ...style.alignment, horizontal: 'center' } : style.alignment!;
  if (style.border) look.border = BORDER;
  if (style.fill) look.fill = style.fill;
  return { value: shown, style: look };
}

/**
 * lookOf() for many cells that look alike (the summary's 600 lines of 17 cells), with one
 * style object per look: xlsx-fast.ts (and ExcelJS) then work out its style id once, not
 * once per cell, since they recognise a style object they have seen. The kind of value is
 * part of the look because the format of a style without a number format depends on it
 * (General for a number, a date format for a date, none for text), and so does put()
 * (number formats, the "—" of no data).
 */
export class Looks {
  readonly #styles = new Map<string, Partial<ExcelJS.Style>>();

  of(value: string | number | Date | null | undefined, style: PutStyle = {}): { value: string | number | Date | null; style: Partial<ExcelJS.Style> } {
    const look = lookOf(value, style);
    const shown = look.value;
    const kind = shown === null ? 'null' : typeof shown === 'string' ? 'text' : typeof shown === 'number' ? 'number' : 'date';
    const key = `${kind}${(value === null || value === undefined) && style.noData ? ' no data' : ''} ${JSON.stringify(style)}`;
    let shared = this.#styles.get(key);
    if (!shared) this.#styles.set(key, (shared = look.style));
    return { value: shown, style: shared };
  }
}

/** Merges a row's columns from..to and writes one value there. */
export function banner(
  ws: LayoutSheet,
  rowNo: number,
  from: number,
  to: number,
  value: string,
  f: Partial<ExcelJS.Font> = {},
  alignment: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true },
): void {
  if (to > from) ws.mergeCells(rowNo, from, rowNo, to);
  put(ws.getRow(rowNo), from, value, { font: f, alignment });
}

/**
 * The header of an administrative document (Decree 30/2020): the issuing body top left
 * (its superior, then itself in bold), the national name and motto top right.
 */
export function documentHeader(ws: LayoutSheet, left: [number, number], right: [number, number], superior: string, body: string): void {
  banner(ws, 1, left[0], left[1], superior, { size: 12 });
  banner(ws, 2, left[0], left[1], body, { size: 12, bold: true });
  banner(ws, 1, right[0], right[1], 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 12, bold: true });
  banner(ws, 2, right[0], right[1], 'Độc lập - Tự do - Hạnh phúc', { size: 13, bold: true, underline: true });
}

/** A two-column sheet of terms and their definitions (the sheet is created with sheetOptions()). */
export function writeDefinitions(ws: LayoutSheet, title: string, rows: [string, string][], commit: boolean): void {
  ws.columns = [{ width: 30 }, { width: 110 }];
  banner(ws, 1, 1, 2, title, { bold: true, size: 13 });
  ws.getRow(1).height = 22;
  if (commit) ws.getRow(1).commit();
  const head = ws.getRow(3);
  put(head, 1, 'Thuật ngữ', { font: { bold: true }, border: true, fill: FILLS.header, alignment: CENTER });
  put(head, 2, 'Định nghĩa', { font: { bold: true }, border: true, fill: FILLS.header, alignment: CENTER });
  if (commit) head.commit();
  rows.forEach(([term, text], i) => {
    const row = ws.getRow(4 + i);
    put(row, 1, term, { font: { bold: true }, border: true, alignment: { vertical: 'top', wrapText: true } });
    put(row, 2, text, { border: true, alignment: { vertical: 'top', wrapText: true } });
    // wrapped text: Excel does not grow rows written by a library, LibreOffice does; give room
    row.height = 15 * linesOf(text, 110, 1.05);
    if (commit) row.commit();
  });
}
