import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../../warehouse/sql.ts';
import { AppError, invalidExport } from '../../errors.ts';
import { DATE_FIELDS, TIME_FIELDS, type CanonicalField } from '../mapping/canonical.ts';
import { checkColumnCount, uniqueNames } from './names.ts';
import type { InputFile, PlanFor, ReadResult } from './types.ts';
import { openPackage, readPart, readRelationships, unescapeXstring, type Package, type XmlHandlers } from './ooxml.ts';
import { checkZip } from './zip-guard.ts';

const DATE_LIKE = new Set<CanonicalField>([...DATE_FIELDS, ...TIME_FIELDS]);

/** Title rows may come first (a report heading, the unit's name): the header is looked for this far. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Reads the first sheet of an XLSX export (DuckDB's excel extension cannot be installed here)
 * and appends its rows, as text, to a temp table. The archive is checked first
 * (zip-guard.ts), since an unzip inflates whatever it is given. The parts are streamed
 * through ooxml.ts, which decodes UTF-8 across chunk boundaries (ExcelJS 4's streaming
 * reader, used before, broke multi-byte characters there; README, "The XLSX reader"). The
 * header is the first of the first ten non-empty rows that has the export's columns, so
 * title rows above it do not make the file unreadable. Date cells (a date number format)
 * and Excel serial numbers in date columns become ISO local date-times; a formula
 * contributes its cached result, never its text, and a formula without one, or an error
 * value (#REF!), in a column the export uses makes the row unreadable instead of loading as
 * text. Rows keep their numbers in the sheet; shared strings, inline strings and rich text
 * read as their text.
 */
export async function readXlsx(conn: DuckDBConnection, file: InputFile, planFor: PlanFor): Promise<ReadResult> {
  const label = `File "${file.name}"`;
  const rel = `src_${file.seq}`;
  const parts = await checkZip(file.path, label);
  if (!parts.some((p) => p.name === 'xl/workbook.xml')) {
    throw invalidExport(`${label} is a ZIP archive but not an XLSX workbook (it has no xl/workbook.xml); export the register as XLSX or CSV.`);
  }
  let pkg: Package | undefined;
  let header: Header | undefined;
  let firstMismatch: unknown;
  let candidates = 0;
  let appender: Awaited<ReturnType<DuckDBConnection['createAppender']>> | undefined;
  const pending: { rowNo: number; values: (Cell | undefined)[] }[] = [];
  try {
    pkg = await openPackage(file.path);
    const book = await readWorkbook(pkg);
    if (!book.sheet) throw invalidExport(`${label} has no sheet.`);
    const shared = book.sharedStrings ? await readSharedStrings(pkg, book.sharedStrings) : [];
    const dateStyles = book.styles ? await readDateStyles(pkg, book.styles) : [];
    let stop = false;
    await readSheet(pkg, book.sheet, { shared, dateStyles, date1904: book.date1904 }, (rowNo, values) => {
      if (stop) return;
      if (values.every((v) => cellText(v, false, book.date1904) === '')) return;
      if (!header) {
        if (++candidates > HEADER_SEARCH_ROWS) {
          stop = true;
          return;
        }
        const found = tryHeader(values, planFor, label);
        if ('mismatch' in found) firstMismatch ??= found.mismatch;
        else header = found;
        return;
      }
      pending.push({ rowNo, values });
    }, async () => {
      if (stop) return true;
      if (!header || pending.length === 0) return false;
      if (!appender) {
        await conn.run(`CREATE OR REPLACE TEMP TABLE ${rel} (row_no BIGINT, row_error VARCHAR, ${header.names.map((h) => `${quoteIdent(h)} VARCHAR`).join(', ')})`);
        appender = await conn.createAppender(rel, 'main', 'temp');
      }
      for (const r of pending) appendRow(appender, header, r.rowNo, r.values, book.date1904);
      pending.length = 0;
      return false;
    });
  } catch (err) {
    if ((err as { status?: number }).status) throw err;
    throw invalidExport(`${label} is not a readable XLSX workbook: ${(err as Error).message}`);
  } finally {
    appender?.closeSync();
    pkg?.close();
  }
  if (!header) {
    if (firstMismatch) throw firstMismatch;
    throw invalidExport(`${label} has no header row on its first sheet.`);
  }
  if (!appender) {
    // a header and no rows
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${rel} (row_no BIGINT, row_error VARCHAR, ${header.names.map((h) => `${quoteIdent(h)} VARCHAR`).join(', ')})`);
  }
  return { relation: rel, headers: header.names, plan: header.plan };
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function appendRow(a: Appender, header: Header, rowNo: number, values: (Cell | undefined)[], date1904: boolean): void {
  const { names, dateColumns, fieldOf } = header;
  a.appendBigInt(BigInt(rowNo));
  const problems = names.flatMap((h, i) => {
    const field = fieldOf[i];
    const why = field ? cellProblem(values[i]) : undefined;
    return why ? [`${field} (column "${h}", cell ${columnLetter(i)}${rowNo}) ${why}`] : [];
  });
  if (values.slice(names.length).some((v) => cellText(v, false, date1904) !== '')) problems.push(`the row has values beyond the last header column (${names.length})`);
  if (problems.length > 0) a.appendVarchar(problems.join('; '));
  else a.appendNull();
  for (let i = 0; i < names.length; i++) a.appendVarchar(cellText(values[i], dateColumns[i] ?? false, date1904));
  a.endRow();
}

/** A cell as the sheet holds it. */
export type Cell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; date: boolean }
  | { kind: 'bool'; value: boolean }
  | { kind: 'error'; error: string }
  /** a formula whose result was never saved */
  | { kind: 'unsaved'; formula: string };

interface Workbook {
  sheet?: string;
  sharedStrings?: string;
  styles?: string;
  date1904: boolean;
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The first sheet (in the workbook's order), the shared strings, the styles, the date system. */
async function readWorkbook(pkg: Package): Promise<Workbook> {
  const rels = await readRelationships(pkg, 'xl/_rels/workbook.xml.rels', 'xl');
  let firstSheetRel: string | undefined;
  let date1904 = false;
  await readPart(pkg, 'xl/workbook.xml', {
    open(name, a) {
      if (name === 'sheet' && firstSheetRel === undefined) firstSheetRel = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
      if (name === 'workbookPr') date1904 = a['date1904'] === '1' || a['date1904'] === 'true';
    },
  });
  const byType = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix) || r.type === `${REL}/${suffix}`)?.target;
  const present = (p: string | undefined) => (p && pkg.parts.has(p) ? p : undefined);
  const sheet = firstSheetRel !== undefined ? rels.get(firstSheetRel)?.target : undefined;
  return {
    sheet: present(sheet) ?? present('xl/worksheets/sheet1.xml'),
    sharedStrings: present(byType('/sharedStrings')) ?? present('xl/sharedStrings.xml'),
    styles: present(byType('/styles')) ?? present('xl/styles.xml'),
    date1904,
  };
}

/** The shared strings, each the text of its runs (phonetic runs, rPh, are not text). */
async function readSharedStrings(pkg: Package, part: string): Promise<string[]> {
  const out: string[] = [];
  let text = '';
  let inT = false;
  let inPhonetic = false;
  await readPart(pkg, part, {
    open(name) {
      if (name === 'si') text = '';
      else if (name === 't') inT = true;
      else if (name === 'rPh') inPhonetic = true;
    },
    close(name) {
      if (name === 'si') out.push(unescapeXstring(text));
      else if (name === 't') inT = false;
      else if (name === 'rPh') inPhonetic = false;
    },
    text(t) {
      if (inT && !inPhonetic) text += t;
    },
  });
  return out;
}

/** Excel's built-in number formats that show a date or a time. */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format code shows a date or time: d, m, y, h or s outside quotes, escapes and [colour] sections. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** For each cell style (cellXfs, by index), whether its number format is a date. */
async function readDateStyles(pkg: Package, part: string): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const out: boolean[] = [];
  let inCellXfs = false;
  await readPart(pkg, part, {
    open(name, a) {
      if (name === 'numFmt') custom.set(Number(a['numFmtId']), a['formatCode'] ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(a['numFmtId'] ?? 0);
        const code = custom.get(id);
        out.push(code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return out;
}

interface SheetContext {
  shared: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

/**
 * Streams the sheet's rows to onRow (row number as in the sheet, cells by column index);
 * after each chunk of the part, flush() may write what came and ask to stop.
 */
async function readSheet(pkg: Package, part: string, ctx: SheetContext, onRow: (rowNo: number, values: (Cell | undefined)[]) => void, flush: () => Promise<boolean>): Promise<void> {
  let rowNo = 0;
  let values: (Cell | undefined)[] = [];
  let col = -1;
  let type = '';
  let style = 0;
  let v: string | undefined;
  let formula: string | undefined;
  let inline: string | undefined;
  let into: 'v' | 'f' | 'is' | undefined;
  let inPhonetic = false;
  const handlers: XmlHandlers = {
    open(name, a) {
      switch (name) {
        case 'row':
          rowNo = a['r'] ? Number(a['r']) : rowNo + 1;
          values = [];
          col = -1;
          break;
        case 'c':
          col = a['r'] ? columnIndex(a['r']) : col + 1;
          type = a['t'] ?? 'n';
          style = a['s'] ? Number(a['s']) : 0;
          v = formula = inline = undefined;
          break;
        case 'v':
          v = '';
          into = 'v';
          break;
        case 'f':
          formula = '';
          into = 'f';
          break;
        case 'is':
          inline = '';
          break;
        case 't':
          if (inline !== undefined) into = 'is';
          break;
        case 'rPh':
          inPhonetic = true;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v': case 'f': case 't':
          into = undefined;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          if (col >= 0) values[col] = cellOf(type, style, v, formula, inline, ctx);
          break;
        case 'row':
          onRow(rowNo, values);
          break;
      }
    },
    text(t) {
      if (into === 'v') v += t;
      else if (into === 'f') formula += t;
      else if (into === 'is' && !inPhonetic) inline += t;
    },
  };
  // the rows go to the appender between chunks, outside the parser's callbacks
  handlers.afterChunk = flush;
  await readPart(pkg, part, handlers);
  await flush();
}

function cellOf(type: string, style: number, v: string | undefined, formula: string | undefined, inline: string | undefined, ctx: SheetContext): Cell | undefined {
  switch (type) {
    case 's': {
      if (v === undefined || v === '') return undefined;
      return { kind: 'text', text: ctx.shared[Number(v)] ?? '' };
    }
    case 'inlineStr':
      return inline === undefined ? undefined : { kind: 'text', text: unescapeXstring(inline) };
    case 'str':
      if (v === undefined) return formula !== undefined ? { kind: 'unsaved', formula } : undefined;
      return { kind: 'text', text: unescapeXstring(v) };
    case 'b':
      if (v === undefined) return formula !== undefined ? { kind: 'unsaved', formula } : undefined;
      return { kind: 'bool', value: v === '1' || v === 'true' };
    case 'e':
      return { kind: 'error', error: v ?? '#VALUE!' };
    case 'd':
      // an ISO 8601 date-time (local, as typed): the load reads it as such
      return v === undefined || v === '' ? undefined : { kind: 'text', text: v };
    default: {
      if (v === undefined || v.trim() === '') return formula !== undefined ? { kind: 'unsaved', formula } : undefined;
      const value = Number(v);
      if (Number.isNaN(value)) return { kind: 'text', text: v };
      return { kind: 'number', value, date: ctx.dateStyles[style] ?? false };
    }
  }
}

/** 0-based column index of a cell reference such as "AB12". */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n - 1;
}

interface Header {
  names: string[];
  plan: ReturnType<PlanFor>;
  dateColumns: boolean[];
  /** the canonical field each column feeds, if any */
  fieldOf: (CanonicalField | undefined)[];
}

/** The row as the header, or why it is not one (it lacks the export's columns). */
function tryHeader(values: (Cell | undefined)[], planFor: PlanFor, label: string): Header | { mismatch: AppError } {
  const names = uniqueNames(Array.from(values, (v) => cellText(v, false, false).trim().normalize('NFC')));
  checkColumnCount(names, label);
  let plan: ReturnType<PlanFor>;
  try {
    plan = planFor(names);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { mismatch: err };
  }
  const fieldByHeader = new Map<string, CanonicalField>();
  for (const [field, hs] of Object.entries(plan.sources) as [CanonicalField, string[]][]) for (const h of hs) fieldByHeader.set(h, field);
  const fieldOf = names.map((h) => fieldByHeader.get(h));
  return { names, plan, fieldOf, dateColumns: fieldOf.map((f) => f !== undefined && DATE_LIKE.has(f)) };
}

/** Why a cell's value cannot stand for data, if it cannot. */
function cellProblem(cell: Cell | undefined): string | undefined {
  if (cell?.kind === 'unsaved') {
    const text = cell.formula ? ` (=${cell.formula.slice(0, 60)})` : '';
    return `is a formula with no saved result${text}; open the file in Excel and save it again`;
  }
  if (cell?.kind === 'error') return `holds the Excel error ${cell.error}`;
  return undefined;
}

/** A, B, …, Z, AA, … for a 0-based column index. */
function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The text a user sees in a cell; dates as ISO local date-times. */
export function cellText(cell: Cell | undefined, dateColumn: boolean, date1904: boolean): string {
  if (cell === undefined) return '';
  switch (cell.kind) {
    case 'text':
      return cell.text.normalize('NFC');
    case 'number':
      if ((cell.date || dateColumn) && cell.value > 0 && cell.value < 2_958_466) return isoLocal(excelSerialToDate(cell.value + (date1904 ? 1462 : 0)));
      return String(cell.value);
    case 'bool':
      return cell.value ? 'true' : 'false';
    case 'error':
      return cell.error;
    case 'unsaved':
      return '';
  }
}

/** Excel's day count (1900 system, with its phantom 29/2/1900) to a wall-clock Date in UTC fields. */
export function excelSerialToDate(serial: number): Date {
  const ms = Math.round((serial - 25_569) * 86_400_000 / 1000) * 1000;
  return new Date(ms);
}

/** The serial's wall-clock time is in the Date's UTC fields: print them as they are. */
function isoLocal(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) return date;
  return `${date} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

