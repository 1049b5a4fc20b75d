import { readFileSync } from 'node:fs';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { cleanParams, type Params } from './database.ts';

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
 * Runs a .sql file of several statements on one connection. Statements end with `;` at
 * the end of a line; each is given only the parameters it names, as DuckDB requires.
 */
export async function runScript(conn: DuckDBConnection, sql: string, params: Params = {}, types: Record<string, DuckDBType> = {}): Promise<void> {
  for (const statement of splitStatements(sql)) {
    const bound = paramsFor(statement, params);
    // a parameter's type, where its value cannot tell it (an empty list)
    const typed = bound && Object.fromEntries(Object.keys(bound).filter((k) => k in types).map((k) => [k, types[k]!]));
    await conn.run(statement, bound, typed && Object.keys(typed).length ? typed : undefined);
  }
}

/** The parameters one statement names, taken from `params` (undefined when it names none); a missing one is an error. */
export function paramsFor(statement: string, params: Params): Record<string, DuckDBValue> | undefined {
  const names = new Set([...statement.matchAll(/\$([a-z_][a-z0-9_]*)/gi)].map((m) => m[1]!));
  const bound: Params = {};
  for (const name of names) {
    if (!(name in params)) throw new Error(`SQL parameter $${name} is not given`);
    bound[name] = params[name];
  }
  return names.size ? cleanParams(bound) : undefined;
}

export function splitStatements(sql: string): string[] {
  const withoutComments = sql.replace(/^\s*--.*$/gm, '');
  return withoutComments
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
