import { readFileSync } from 'node:fs';
import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBType } from '@duckdb/node-api';
import type { Params } from './database.ts';
import { tokenize } from './sql-lexer.ts';

const sqlCache = new Map<string, string>();

/** Reads a .sql file that lives next to the code using it (cached: the files do not change at run time). */
export function sqlFile(url: URL): string {
  const key = url.href;
  let text = sqlCache.get(key);
  if (text === undefined) {
    text = readFileSync(url, 'utf8');
    sqlCache.set(key, text);
  }
  return text;
}

/** Quotes an identifier that must vary (a vendor's header, a temp table name). Never used for values. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a literal for the few places DuckDB does not accept a bound parameter (a view's
 * body). Values come from configuration or from our own code, never from a request.
 */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Runs a .sql file of one or more statements on one connection, in order; DuckDB's own
 * parser splits the text, so a `;` in a string or a comment is only text.
 *
 * - A text that uses no $parameter goes to DuckDB whole, as one query of several statements.
 * - Otherwise extractStatements splits it, and each statement is prepared once those
 *   before it have run (it may read what they created) and given the parameters it names,
 *   by the names DuckDB found in it. A name it uses that `params` lacks is an error; the
 *   others are not its concern.
 *
 * Why not always the second way: DuckDB plans a prepared statement once, for any values,
 * and a full model build of 1 M documents whose statements were all prepared took about 10 %
 * longer than with the same statements run directly (side by side, in one process).
 */
export async function runScript(conn: DuckDBConnection, sql: string, params: Params = {}, types: Record<string, DuckDBType> = {}): Promise<void> {
  if (!tokenize(sql).some((t) => t.kind === 'param')) {
    await conn.run(sql);
    return;
  }
  await runStatements(conn, sql, params, types);
}

/**
 * Runs a .sql file statement by statement, as runScript does one with parameters, and
 * returns the number of rows each statement changed (inserted, deleted or updated; 0 for
 * any other), in the order of the file.
 */
export async function runStatements(conn: DuckDBConnection, sql: string, params: Params = {}, types: Record<string, DuckDBType> = {}): Promise<number[]> {
  const changed: number[] = [];
  const statements = await conn.extractStatements(sql);
  for (let i = 0; i < statements.count; i++) {
    const prepared = await statements.prepare(i);
    try {
      bindNamed(prepared, params, types);
      changed.push((await prepared.run()).rowsChanged);
    } finally {
      prepared.destroySync();
    }
  }
  return changed;
}

/**
 * Runs one statement and returns its rows as JSON-safe objects (counts must be cast in
 * SQL), binding the parameters it names from `params` as runScript does.
 */
export async function readRows<T = Record<string, unknown>>(conn: DuckDBConnection, sql: string, params: Params = {}): Promise<T[]> {
  const prepared = await conn.prepare(sql);
  try {
    bindNamed(prepared, params);
    return (await prepared.runAndReadAll()).getRowObjectsJS() as T[];
  } finally {
    prepared.destroySync();
  }
}

/** The names of the parameters a prepared statement takes (`$first_run` is "first_run"), in order. */
export function parameterNames(prepared: DuckDBPreparedStatement): string[] {
  return Array.from({ length: prepared.parameterCount }, (_, i) => prepared.parameterName(i + 1));
}

/**
 * Binds each parameter the statement names from `params` (with its type from `types` where
 * the value cannot tell it, as an empty list); one it names and `params` lacks is an error.
 * An undefined value is left unbound, as cleanParams leaves it out.
 */
export function bindNamed(prepared: DuckDBPreparedStatement, params: Params, types: Record<string, DuckDBType> = {}): void {
  for (const [i, name] of parameterNames(prepared).entries()) {
    if (!(name in params)) throw new Error(`SQL parameter $${name} is not given`);
    const value = params[name];
    if (value !== undefined) prepared.bindValue(i + 1, value, types[name]);
  }
}
