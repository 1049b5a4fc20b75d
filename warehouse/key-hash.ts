import type { DuckDBConnection } from '@duckdb/node-api';
import { readRows, runStatements, sqlFile } from './sql.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

/**
 * Makes every stored documents.key_hash (migration 024) the running DuckDB's
 * hash(unit_code, doc_id), before any load or build reads it: DuckDB does not promise the
 * same hash() from one version to the next, and the load finds the documents a run updates
 * by that column. Every document is compared at each opening (10 M documents: about
 * 0.25 CPU-s), so whatever changed the function, or a document changed outside any load, is
 * caught. Returns how many documents it computed again.
 */
export async function refreshStaleKeyHashes(conn: DuckDBConnection): Promise<number> {
  const [row] = await readRows<{ stale: number }>(conn, q('key-hash-stale'));
  if (!row || row.stale === 0) return 0;
  const [updated] = await runStatements(conn, q('key-hash-refresh'));
  return updated ?? 0;
}
