import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from './database.ts';
import { refreshStaleKeyHashes } from './key-hash.ts';
import { readRows, runScript, sqlFile } from './sql.ts';

const migrationsDir = new URL('./migrations/', import.meta.url);
const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

export interface MigrateOptions {
  /** told how many documents' key hashes were computed again, when any were (warehouse/key-hash.ts) */
  onKeyHashesRefreshed?: (documents: number) => void;
}

/**
 * Applies the migrations the database has not seen yet, each in its own transaction, then
 * computes again the documents' stored key hashes that are not this DuckDB's
 * (warehouse/key-hash.ts).
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<string[]> {
  const files = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();
  return db.withConnection(async (conn) => {
    await runScript(conn, q('migrations-table'));
    const done = new Set((await readRows<{ version: string }>(conn, q('migrations-applied'))).map((r) => String(r.version)));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = readFileSync(new URL(file, migrationsDir), 'utf8');
      await conn.run('BEGIN TRANSACTION');
      try {
        await conn.run(sql);
        await runScript(conn, q('migration-record'), { version: file });
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK');
        throw new Error(`Migration ${file} failed: ${(err as Error).message}`);
      }
      applied.push(file);
    }
    const refreshed = await refreshStaleKeyHashes(conn);
    if (refreshed > 0) options.onKeyHashesRefreshed?.(refreshed);
    return applied;
  });
}
