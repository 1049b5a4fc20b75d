import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral } from '../../analytics/db.ts';
import { invalidExport } from '../../errors.ts';
import type { InputFile, PlanFor, ReadResult } from './types.ts';

/**
 * Reads a JSON export (an array of objects) with DuckDB's JSON reader. Every value is
 * taken as text (numbers and booleans as written), so no type guessing changes a value.
 */
export async function readJson(conn: DuckDBConnection, file: InputFile, planFor: PlanFor): Promise<ReadResult> {
  const label = `File "${file.name}"`;
  const objects = `read_json_objects(${quoteLiteral(file.path)}, format = 'array', maximum_object_size = 67108864)`;
  const rel = `src_${file.seq}`;
  const base = `${rel}_objects`;
  try {
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${base} AS SELECT row_number() OVER () AS row_no, json FROM ${objects}`);
  } catch (err) {
    throw invalidExport(`${label} is not a JSON array of records: ${firstLine((err as Error).message)}`);
  }
  const keys = (await conn.runAndReadAll(
    `SELECT k FROM (SELECT unnest(json_keys(json)) AS k, row_no FROM ${base} WHERE json_type(json) = 'OBJECT') GROUP BY k ORDER BY min(row_no), k`,
  )).getRowObjectsJS().map((r) => String(r['k']));
  const headers = keys.map((k) => k.normalize('NFC'));
  const empty = Number((await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${base}`)).getRowObjectsJS()[0]?.['n']) === 0;
  // `[]` is a valid export with nothing in it: it has no keys to check
  const plan = empty ? { sources: {}, defaults: {}, ignored: [] } : planFor(headers);
  const cols = keys.map((k, i) => `json_extract_string(json, ${quoteLiteral(jsonPath(k))}) AS ${quoteIdent(headers[i]!)}`);
  await conn.run(`
    CREATE OR REPLACE TEMP VIEW ${rel} AS
    SELECT row_no,
           CASE WHEN json_type(json) <> 'OBJECT' THEN 'the element is not an object but ' || lower(json_type(json)) END AS row_error
           ${cols.length ? ', ' + cols.join(', ') : ''}
    FROM ${base}`);
  return { relation: rel, headers, plan };
}

function jsonPath(key: string): string {
  return `$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
