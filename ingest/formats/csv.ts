import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral, runScript, sqlFile } from '../../analytics/db.ts';
import { invalidExport } from '../../errors.ts';
import { head } from './sniff.ts';
import { uniqueNames } from './names.ts';
import type { InputFile, PlanFor, ReadResult } from './types.ts';

/** A field value no export contains: lets padded (missing) columns be told from empty ones. */
const MISSING = '\u241Fcds-missing\u241F';
const MAX_LINE_BYTES = 4 * 1024 * 1024;

/**
 * Reads a CSV export with DuckDB's own reader in one pass. Only the header line is looked
 * at here, to learn the delimiter and the column names; DuckDB parses everything else.
 * Rows DuckDB cannot read (too many columns, broken quotes, invalid UTF-8, over-long) go
 * to its rejects table and from there to quarantine, with their row numbers.
 */
export async function readCsv(conn: DuckDBConnection, file: InputFile, planFor: PlanFor): Promise<ReadResult> {
  const { headers, delimiter, encoding } = await readHeader(file);
  const plan = planFor(headers);
  const names = uniqueNames(headers);
  const rel = `src_${file.seq}`;
  const rejectsTable = `csv_rejects_${file.seq}`;
  await conn.run(`DROP TABLE IF EXISTS ${rejectsTable}`);
  await conn.run(`DROP TABLE IF EXISTS ${rejectsTable}_scan`);
  const columns = `{${names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(', ')}}`;
  const padded = names.map((n) => `${quoteIdent(n)} IS NULL`).join(' OR ');
  await conn.run(`
    CREATE OR REPLACE TEMP VIEW ${rel} AS
    SELECT row_number() OVER () + 1 AS row_no,
           CASE WHEN ${padded} THEN 'the row has fewer columns than the header (${names.length}); a quoted field may not be closed' END AS row_error,
           ${names.map(quoteIdent).join(', ')}
    FROM read_csv(${quoteLiteral(file.path)}, header = true, auto_detect = false, columns = ${columns},
                  delim = ${quoteLiteral(delimiter)}, quote = '"', escape = '"', encoding = ${quoteLiteral(encoding)},
                  null_padding = true, strict_mode = true, nullstr = ${quoteLiteral(MISSING)},
                  max_line_size = ${MAX_LINE_BYTES}, store_rejects = true,
                  rejects_table = ${quoteLiteral(rejectsTable)}, rejects_scan = ${quoteLiteral(`${rejectsTable}_scan`)})`);

  return {
    relation: rel,
    headers: names,
    plan: { ...plan, sources: renameSources(plan.sources, headers, names) },
    afterScan: async (c) => {
      await c.run(`CREATE OR REPLACE TEMP TABLE csv_rejects AS SELECT line, column_name, error_type, error_message, csv_line FROM ${rejectsTable}`);
      await runScript(c, sqlFile(new URL('../sql/csv-rejects.sql', import.meta.url)), { file_seq: file.seq });
    },
  };
}

interface Header {
  headers: string[];
  delimiter: string;
  encoding: 'utf-8' | 'utf-16';
}

async function readHeader(file: InputFile): Promise<Header> {
  const buf = await head(file.path);
  const label = `File "${file.name}"`;
  if (buf.length === 0) throw invalidExport(`${label} is empty.`);
  let encoding: Header['encoding'] = 'utf-8';
  let text: string;
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    encoding = 'utf-16';
    text = buf[0] === 0xff ? buf.toString('utf16le') : Buffer.from(buf).swap16().toString('utf16le');
  } else {
    if (buf.includes(0)) throw invalidExport(`${label} is binary data, not a CSV, XLSX or JSON export.`);
    text = buf.toString('utf8');
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw invalidExport(`${label} is empty.`);
  const line = firstRecord(text);
  if (line === undefined) throw invalidExport(`${label} has no header line within its first ${buf.length} bytes.`);
  if (line.includes('\uFFFD') && encoding === 'utf-8') {
    throw invalidExport(`${label} is not UTF-8 text (its header line has invalid bytes); export it again as UTF-8.`);
  }
  const delimiter = pickDelimiter(line);
  return { headers: splitRecord(line, delimiter).map((h) => h.trim().normalize('NFC')), delimiter, encoding };
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
