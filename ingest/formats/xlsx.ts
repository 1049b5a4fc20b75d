import type { DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { quoteIdent } from '../../analytics/db.ts';
import { AppError, invalidExport } from '../../errors.ts';
import { DATE_FIELDS, TIME_FIELDS, type CanonicalField } from '../mapping/canonical.ts';
import { checkColumnCount, uniqueNames } from './names.ts';
import type { InputFile, PlanFor, ReadResult } from './types.ts';
import { checkZip } from './zip-guard.ts';

const DATE_LIKE = new Set<CanonicalField>([...DATE_FIELDS, ...TIME_FIELDS]);

/** Title rows may come first (a report heading, the unit's name): the header is looked for this far. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Reads the first sheet of an XLSX export with ExcelJS's streaming reader (DuckDB's excel
 * extension cannot be installed here) and appends its rows, as text, to a temp table.
 * The archive is checked first (zip-guard.ts), since ExcelJS inflates whatever it is given.
 * The header is the first of the first ten non-empty rows that has the export's columns,
 * so title rows above it do not make the file unreadable. Real date cells and Excel serial
 * numbers in date columns become ISO local date-times; a formula contributes its cached
 * result, never its text, and a formula without one, or an error value (#REF!), in a
 * column the export uses makes the row unreadable instead of loading as text.
 */
export async function readXlsx(conn: DuckDBConnection, file: InputFile, planFor: PlanFor): Promise<ReadResult> {
  const label = `File "${file.name}"`;
  const rel = `src_${file.seq}`;
  const parts = await checkZip(file.path, label);
  if (!parts.some((p) => p.name === 'xl/workbook.xml')) {
    throw invalidExport(`${label} is a ZIP archive but not an XLSX workbook (it has no xl/workbook.xml); export the register as XLSX or CSV.`);
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file.path, {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit',
  });
  let header: Header | undefined;
  let firstMismatch: unknown;
  let candidates = 0;
  let appender: Awaited<ReturnType<DuckDBConnection['createAppender']>> | undefined;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1); // ExcelJS rows are 1-based
        if (values.every((v) => cellText(v, false) === '')) continue;
        if (!header) {
          if (++candidates > HEADER_SEARCH_ROWS) break;
          const found = tryHeader(values, planFor, label);
          if ('mismatch' in found) {
            firstMismatch ??= found.mismatch;
            continue;
          }
          header = found;
          await conn.run(`CREATE OR REPLACE TEMP TABLE ${rel} (row_no BIGINT, row_error VARCHAR, ${header.names.map((h) => `${quoteIdent(h)} VARCHAR`).join(', ')})`);
          appender = await conn.createAppender(rel, 'main', 'temp');
          continue;
        }
        const { names, dateColumns, fieldOf } = header;
        const a = appender!;
        a.appendBigInt(BigInt(row.number));
        const problems = names.flatMap((h, i) => {
          const field = fieldOf[i];
          const why = field ? cellProblem(values[i]) : undefined;
          return why ? [`${field} (column "${h}", cell ${columnLetter(i)}${row.number}) ${why}`] : [];
        });
        if (values.slice(names.length).some((v) => cellText(v, false) !== '')) problems.push(`the row has values beyond the last header column (${names.length})`);
        if (problems.length > 0) a.appendVarchar(problems.join('; '));
        else a.appendNull();
        for (let i = 0; i < names.length; i++) a.appendVarchar(cellText(values[i], dateColumns[i] ?? false));
        a.endRow();
      }
      break; // the first sheet is the export
    }
  } catch (err) {
    if ((err as { status?: number }).status) throw err;
    throw invalidExport(`${label} is not a readable XLSX workbook: ${(err as Error).message}`);
  } finally {
    appender?.closeSync();
  }
  if (!header) {
    if (firstMismatch) throw firstMismatch;
    throw invalidExport(`${label} has no header row on its first sheet.`);
  }
  return { relation: rel, headers: header.names, plan: header.plan };
}

interface Header {
  names: string[];
  plan: ReturnType<PlanFor>;
  dateColumns: boolean[];
  /** the canonical field each column feeds, if any */
  fieldOf: (CanonicalField | undefined)[];
}

/** The row as the header, or why it is not one (it lacks the export's columns). */
function tryHeader(values: unknown[], planFor: PlanFor, label: string): Header | { mismatch: AppError } {
  const names = uniqueNames(values.map((v) => cellText(v, false).trim().normalize('NFC')));
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
function cellProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || value instanceof Date) return undefined;
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v['result'];
    if (result === undefined || result === null) {
      const text = typeof v['formula'] === 'string' ? ` (=${String(v['formula']).slice(0, 60)})` : '';
      return `is a formula with no saved result${text}; open the file in Excel and save it again`;
    }
    return cellProblem(result);
  }
  if ('error' in v) return `holds the Excel error ${String(v['error'])}`;
  return undefined;
}

/** A, B, …, Z, AA, … for a 0-based column index. */
function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The text a user sees in a cell; dates as ISO local date-times. */
export function cellText(value: unknown, dateColumn: boolean): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoLocal(value);
  if (typeof value === 'number') {
    if (dateColumn && value > 0 && value < 2_958_466) return isoLocal(excelSerialToDate(value));
    return Number.isInteger(value) ? String(value) : String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value.normalize('NFC');
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['richText'])) return (v['richText'] as { text: string }[]).map((r) => r.text).join('').normalize('NFC');
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) return cellText(v['result'], dateColumn);
    if ('text' in v) return cellText(v['text'], dateColumn);
    if ('error' in v) return String(v['error']);
  }
  return String(value);
}

/** Excel's day count (1900 system, with its phantom 29/2/1900) to a wall-clock Date in UTC fields. */
export function excelSerialToDate(serial: number): Date {
  const ms = Math.round((serial - 25_569) * 86_400_000 / 1000) * 1000;
  return new Date(ms);
}

/** ExcelJS gives wall-clock times in the Date's UTC fields: print them as they are. */
function isoLocal(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) return date;
  return `${date} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

