import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral, runScript, sqlFile } from '../../warehouse/sql.ts';
import { invalidExport } from '../../errors.ts';
import { blankLines, type LineBreak } from './blank-lines.ts';
import { SAVE_AS_UTF8 } from './encoding.ts';
import { head } from './sniff.ts';
import { checkColumnCount, uniqueNames } from './names.ts';
import type { InputFile, PlanFor, ReadResult } from './types.ts';

/** A field value no export contains: lets padded (missing) columns be told from empty ones. */
const MISSING = '\u241Fcds-missing\u241F';
const MAX_LINE_BYTES = 4 * 1024 * 1024;

/**
 * Reads a CSV export with DuckDB's own reader in one pass. Only the header line is looked
 * at here, to learn the delimiter and the column names; DuckDB parses everything else.
 * Rows DuckDB cannot read (too many columns, broken quotes, invalid UTF-8, over-long) go
 * to its rejects table and from there to quarantine, with their row numbers. DuckDB's strict
 * mode catches broken quoting row by row, but it fails the whole file when a lone carriage
 * return follows CRLF lines; such a file is read again in lenient mode (file.lenient, see
 * loadRun), where a stray line break splits a row into pieces that fail validation instead.
 * Lenient mode also fixes the line break to LF: with CRLF it would eat the first character
 * after a lone CR (turning unit P01 into 01).
 */
export async function readCsv(conn: DuckDBConnection, file: InputFile, planFor: PlanFor): Promise<ReadResult> {
  const { headers, delimiter, encoding, lineBreak } = await readHeader(file);
  checkColumnCount(headers, `File "${file.name}"`);
  const plan = planFor(headers);
  const names = uniqueNames(headers);
  const rel = `src_${file.seq}`;
  const rejectsTable = `csv_rejects_${file.seq}`;
  await conn.run(`DROP TABLE IF EXISTS ${rejectsTable}`);
  await conn.run(`DROP TABLE IF EXISTS ${rejectsTable}_scan`);
  const columns = `{${names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(', ')}}`;
  const padded = names.map((n) => `${quoteIdent(n)} IS NULL`).join(' OR ');
  // A view: the load scans the file once, straight into its typed rows (normalise.sql),
  // and numbers them by their position there (ReadResult.positional).
  await conn.run(`
    CREATE OR REPLACE TEMP VIEW ${rel} AS
    SELECT NULL::BIGINT AS row_no,
           CASE WHEN ${padded} THEN 'the row has fewer columns than the header (${names.length}); a quoted field may not be closed' END AS row_error,
           ${names.map(quoteIdent).join(', ')}
    FROM read_csv(${quoteLiteral(file.path)}, header = true, auto_detect = false, columns = ${columns},
                  delim = ${quoteLiteral(delimiter)}, quote = '"', escape = '"', encoding = ${quoteLiteral(encoding)},
                  null_padding = true, strict_mode = ${file.lenient ? `false, new_line = '\\n'` : 'true'}, nullstr = ${quoteLiteral(MISSING)},${file.sequential ? ' parallel = false,' : ''}
                  max_line_size = ${MAX_LINE_BYTES}, store_rejects = true,
                  rejects_table = ${quoteLiteral(rejectsTable)}, rejects_scan = ${quoteLiteral(`${rejectsTable}_scan`)})`);
  // The blank lines are looked for while DuckDB reads the file (a pass over all of it: about
  // 1 s of a 1.3 GB export), and needed only once it has (afterScan)
  await runScript(conn, sqlFile(new URL('../sql/blank-lines-reset.sql', import.meta.url)), { file_seq: file.seq });
  const blanks = encoding === 'utf-8' ? blankLines(file.path, file.lenient ? 'lf' : lineBreak) : Promise.resolve([]);
  blanks.catch(() => undefined); // a failed scan fails the run in afterScan, not the process

  return {
    relation: rel,
    headers: names,
    plan: { ...plan, sources: renameSources(plan.sources, headers, names) },
    positional: true,
    afterScan: async (c, firstRowid) => {
      await recordBlankLines(c, file, await blanks);
      await c.run(`CREATE OR REPLACE TEMP TABLE csv_rejects AS SELECT line, column_name, error_type, error_message, csv_line FROM ${rejectsTable}`);
      await runScript(c, sqlFile(new URL('../sql/csv-rejects.sql', import.meta.url)), { file_seq: file.seq, first_rowid: firstRowid });
    },
  };
}

/**
 * Whether err is DuckDB's parallel reader refusing this file: it cannot pad short rows
 * (null_padding) when a quoted field holds a line break, which a register's multi-line
 * "trích yếu" does. Such a file is read again on one thread (file.sequential, see loadRun).
 */
export function parallelReaderRefusal(err: unknown, path: string): boolean {
  const message = err instanceof Error ? err.message : '';
  return message.includes(`file = ${path}`) && message.includes('parallel=false');
}

/** Whether err is DuckDB giving up on reading this file under strict mode (it names the file and suggests turning strict mode off). */
export function strictModeFailure(err: unknown, path: string): boolean {
  const message = err instanceof Error ? err.message : '';
  return message.includes(`file = ${path}`) && /strict mode|strict_mode=false/.test(message);
}

/** Blank lines go to temp table csv_blank_lines (blank-lines-reset.sql made it), so csv-rejects.sql can number the rows after them as a spreadsheet does. */
async function recordBlankLines(conn: DuckDBConnection, file: InputFile, rows: number[]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await conn.createAppender('csv_blank_lines', 'main', 'temp');
  for (const row of rows) {
    appender.appendInteger(file.seq);
    appender.appendBigInt(BigInt(row));
    appender.endRow();
  }
  appender.closeSync();
}

interface Header {
  headers: string[];
  delimiter: string;
  encoding: 'utf-8' | 'utf-16';
  /** how the header line ends: CRLF and LF files read alike */
  lineBreak: LineBreak;
}

async function readHeader(file: InputFile): Promise<Header> {
  const buf = await head(file.path);
  const label = `File "${file.name}"`;
  if (buf.length === 0) throw invalidExport(`${label} is empty.`);
  let encoding: Header['encoding'] = 'utf-8';
  let text: string;
  if (buf[0] === 0xfe && buf[1] === 0xff) {
    // DuckDB reads UTF-16 little-endian only: a big-endian file would load as nothing at all
    throw invalidExport(`${label} is UTF-16 big-endian text, which cannot be read; export it again as UTF-8 (or UTF-16 little-endian).`);
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) {
    encoding = 'utf-16';
    text = buf.toString('utf16le');
  } else {
    if (buf.includes(0)) throw invalidExport(`${label} is binary data, not a CSV, XLSX or JSON export.`);
    text = buf.toString('utf8');
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw invalidExport(`${label} is empty.`);
  const line = firstRecord(text);
  if (line === undefined) throw invalidExport(`${label} has no line break within its first ${buf.length} bytes: it is not a CSV export, or its header has far too many columns.`);
  if (line.includes('\uFFFD') && encoding === 'utf-8') {
    throw invalidExport(`${label} is not UTF-8 text (its header line has invalid bytes); ${SAVE_AS_UTF8}.`);
  }
  const delimiter = pickDelimiter(line);
  const lineBreak: LineBreak = text[line.length] === '\r' && text[line.length + 1] !== '\n' ? 'cr' : 'lf';
  return { headers: splitRecord(line, delimiter).map((h) => h.trim().normalize('NFC')), delimiter, encoding, lineBreak };
}

/** The header record: up to the first line break outside quotes. */
function firstRecord(text: string): string | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' || ch === '\r') && !quoted) return text.slice(0, i);
  }
  return text.length < 65_536 ? text : undefined;
}

function pickDelimiter(line: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0], ['|', 0]]);
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}

function splitRecord(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { out.push(cur); cur = ''; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}


function renameSources(sources: ReadResult['plan']['sources'], headers: string[], names: string[]): ReadResult['plan']['sources'] {
  const out: ReadResult['plan']['sources'] = {};
  for (const [field, hs] of Object.entries(sources) as [keyof typeof sources, string[]][]) {
    // a header repeated in the file feeds the field from its first occurrence only
    out[field] = [...new Set(hs)].map((h) => names[headers.indexOf(h)] ?? h);
  }
  return out;
}
