import type { DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { quoteIdent } from '../../analytics/db.ts';
import { invalidExport } from '../../errors.ts';
import { DATE_FIELDS, TIME_FIELDS, type CanonicalField } from '../mapping/canonical.ts';
import { uniqueNames } from './names.ts';
import type { InputFile, PlanFor, ReadResult } from './types.ts';

const DATE_LIKE = new Set<CanonicalField>([...DATE_FIELDS, ...TIME_FIELDS]);

/**
 * Reads the first sheet of an XLSX export with ExcelJS's streaming reader (DuckDB's excel
 * extension cannot be installed here) and appends its rows, as text, to a temp table.
 * Real date cells and Excel serial numbers in date columns become ISO local date-times;
 * a formula contributes its cached result, never its text.
 */
export async function readXlsx(conn: DuckDBConnection, file: InputFile, planFor: PlanFor): Promise<ReadResult> {
  const label = `File "${file.name}"`;
  const rel = `src_${file.seq}`;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file.path, {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit',
  });
  let headers: string[] | undefined;
  let plan: ReturnType<PlanFor> | undefined;
  let dateColumns: boolean[] = [];
  let appender: Awaited<ReturnType<DuckDBConnection['createAppender']>> | undefined;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1); // ExcelJS rows are 1-based
        if (values.every((v) => cellText(v, false) === '')) continue;
        if (!headers) {
          headers = uniqueNames(values.map((v) => cellText(v, false).trim().normalize('NFC')));
          plan = planFor(headers);
          const dateHeaders = new Set(
            Object.entries(plan.sources).filter(([f]) => DATE_LIKE.has(f as CanonicalField)).flatMap(([, hs]) => hs),
          );
          dateColumns = headers.map((h) => dateHeaders.has(h));
          await conn.run(`CREATE OR REPLACE TEMP TABLE ${rel} (row_no BIGINT, row_error VARCHAR, ${headers.map((h) => `${quoteIdent(h)} VARCHAR`).join(', ')})`);
          appender = await conn.createAppender(rel, 'main', 'temp');
          continue;
        }
        const a = appender!;
        a.appendBigInt(BigInt(row.number));
        const beyond = values.slice(headers.length).some((v) => cellText(v, false) !== '');
        if (beyond) a.appendVarchar(`the row has values beyond the last header column (${headers.length})`);
        else a.appendNull();
        for (let i = 0; i < headers.length; i++) a.appendVarchar(cellText(values[i], dateColumns[i] ?? false));
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
  if (!headers || !plan) throw invalidExport(`${label} has no header row on its first sheet.`);
  return { relation: rel, headers, plan };
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

