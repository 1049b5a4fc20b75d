import type { DuckDBConnection } from '@duckdb/node-api';
import { readRows, runStatements, sqlFile } from './sql.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

/**
 * Makes every stored documents.key_hash (migration 024) the running DuckDB's
 * hash(unit_code, doc_id), before any load or build reads it: DuckDB does not promise the
 * same hash() from one version to the next, and the load finds the documents a run updates
 * by that column. Every document is compared at each opening (10 M documents: about
 * 0.25 CPU-s), so whatever made a hash stale (another hash(), a document changed outside
 * any load) is caught; the refresh is recorded in key_hash_refreshes, which makes the next
 * full build check every document again. In one transaction. Returns how many documents it
 * computed again.
 */
export async function refreshStaleKeyHashes(conn: DuckDBConnection): Promise<number> {
  const [row] = await readRows<{ stale: number }>(conn, q('key-hash-stale'));
  const stale = row?.stale ?? 0;
  if (stale === 0) return 0;
  await conn.run('BEGIN TRANSACTION');
  try {
    const [updated] = await runStatements(conn, q('key-hash-refresh'), { documents: stale });
    await conn.run('COMMIT');
    return updated ?? 0;
  } catch (err) {
    await conn.run('ROLLBACK');
    throw new Error(`Computing the documents' key hashes again failed: ${(err as Error).message}`);
  }
}
