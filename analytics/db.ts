import { readFileSync } from 'node:fs';
import { DuckDBConnection, DuckDBInstance, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { databaseLocked } from '../errors.ts';
import { TIME_ZONE } from '../time.ts';

export type Params = Record<string, DuckDBValue | undefined>;

/**
 * The one DuckDB database of the process. DuckDB allows a single writing process, so the
 * server owns the file while it runs; a second process that tries to open it gets a
 * clear `database_locked` error instead of a corrupted file.
 */
export class Database {
  readonly path: string;
  readonly instance: DuckDBInstance;
  #closed = false;

  private constructor(path: string, instance: DuckDBInstance) {
    this.path = path;
    this.instance = instance;
  }

  static async open(path: string, options: { readOnly?: boolean; threads?: number } = {}): Promise<Database> {
    const opts: Record<string, string> = {};
    if (options.readOnly) opts['access_mode'] = 'READ_ONLY';
    if (options.threads) opts['threads'] = String(options.threads);
    try {
      const instance = await DuckDBInstance.create(path, opts);
      // Business time: DATE casts and displayed instants are in Vietnam's time zone.
      const conn = await instance.connect();
      try {
        await conn.run(`SET GLOBAL TimeZone = '${TIME_ZONE}'`);
      } finally {
        conn.closeSync();
      }
      return new Database(path, instance);
    } catch (err) {
      const message = (err as Error).message ?? '';
      const lock = /Could not set lock on file .*?Conflicting lock is held in (.*?)(?: \(PID (\d+)\))?(?:\.|$)/s.exec(message);
      if (lock) throw databaseLocked(path, lock[2] ? `${lock[1]}, PID ${lock[2]}` : (lock[1] ?? 'unknown'));
      throw err;
    }
  }

  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** Runs fn on a fresh connection and always closes it. */
  async withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.connect();
    try {
      return await fn(conn);
    } finally {
      conn.closeSync();
    }
  }

  /** Runs a read and returns its rows as JSON-safe objects (counts must be cast in SQL). */
  async all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    return this.withConnection(async (conn) => {
      const reader = await conn.runAndReadAll(sql, cleanParams(params));
      return reader.getRowObjectsJS() as T[];
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.instance.closeSync();
  }
}

/** Drops undefined entries so optional parameters can be passed as-is. */
export function cleanParams(params?: Params): Record<string, DuckDBValue> | undefined {
  if (!params) return undefined;
  const out: Record<string, DuckDBValue> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v;
  return out;
}

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
