import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database, Params } from '../warehouse/database.ts';
import { readRows, runScript, sqlFile } from '../warehouse/sql.ts';

/** The alerts' SQL (alerts/sql/), one statement a file, with bound $parameters. */
export const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

/** Reads rows of one of alerts/sql/. */
export const read = <T>(db: Database, name: string, params: Params = {}) => db.all<T>(q(name), params);

/** A connection inside a transaction: what it writes commits together or not at all. */
export interface Tx {
  run(name: string, params?: Params): Promise<void>;
  rows<T>(name: string, params?: Params): Promise<T[]>;
}

/** Runs fn in one transaction on a connection of its own; any failure rolls everything back. */
export async function transaction<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.withConnection(async (conn: DuckDBConnection) => {
    const tx: Tx = {
      run: (name, params = {}) => runScript(conn, q(name), params),
      rows: <R>(name: string, params: Params = {}) => readRows<R>(conn, q(name), params),
    };
    await conn.run('BEGIN TRANSACTION');
    try {
      const result = await fn(tx);
      await conn.run('COMMIT');
      return result;
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}
