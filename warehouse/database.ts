import { DuckDBConnection, DuckDBInstance, type DuckDBDataChunk, type DuckDBValue } from '@duckdb/node-api';
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
  readonly #instance: DuckDBInstance;
  #closed = false;

  private constructor(path: string, instance: DuckDBInstance) {
    this.path = path;
    this.#instance = instance;
  }

  static async open(path: string, options: { readOnly?: boolean; threads?: number } = {}): Promise<Database> {
    const opts: Record<string, string> = {};
    if (options.readOnly) opts['access_mode'] = 'READ_ONLY';
    if (options.threads) opts['threads'] = String(options.threads);
    // no memory_limit here: DuckDB's default, which a load lowers while it runs and RESETs
    // after (LOAD_MEMORY_MB, ingest/load.ts withMemoryLimit)
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

  /** Runs fn on a fresh connection and always closes it. */
  async withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.#instance.connect();
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

  /**
   * Starts a read on a connection of its own and returns at once: DuckDB runs it (finds,
   * sorts) in its own threads while the caller does other work, and the rows are then read
   * chunk by chunk (DuckDB's, 2,048 rows), so a large result never sits in memory at once.
   */
  stream(sql: string, params?: Params): QueryStream {
    const connection = this.#instance.connect();
    const result = connection.then((conn) => conn.stream(sql, cleanParams(params)));
    // a failure is reported by chunks(); until then (or if it is never read) it is not unhandled
    result.catch(() => undefined);
    let read = false;
    let done = false;
    return {
      async *chunks() {
        if (read) throw new Error('a query stream is read once');
        read = true;
        for await (const chunk of await result) yield chunk;
        done = true;
      },
      async close() {
        const conn = await connection.catch(() => null);
        // not read to the end (the reader failed): stop the query if it still runs, and wait
        // for it to end before closing its connection
        if (!done) conn?.interrupt();
        await result.catch(() => undefined);
        conn?.closeSync();
      },
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#instance.closeSync();
  }
}

/** A read started by Database.stream. */
export interface QueryStream {
  /** The result's chunks in order; read once. */
  chunks(): AsyncGenerator<DuckDBDataChunk>;
  /** Releases the connection (also when the stream was never read, or not to the end); always call it. */
  close(): Promise<void>;
}

/** Drops undefined entries so optional parameters can be passed as-is. */
export function cleanParams(params?: Params): Record<string, DuckDBValue> | undefined {
  if (!params) return undefined;
  const out: Record<string, DuckDBValue> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v;
  return out;
}
