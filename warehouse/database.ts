import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { databaseLocked } from '../errors.ts';

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
        await conn.run(`SET GLOBAL TimeZone = 'Asia/Ho_Chi_Minh'`);
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
