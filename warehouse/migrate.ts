import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from './database.ts';

const migrationsDir = new URL('./migrations/', import.meta.url);

/** Applies the migrations the database has not seen yet, each in its own transaction. */
export async function migrate(db: Database): Promise<string[]> {
  const files = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();
  return db.withConnection(async (conn) => {
    await conn.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)`);
    const done = new Set(
      (await conn.runAndReadAll(`SELECT version FROM schema_migrations`)).getRowObjectsJS().map((r) => String(r['version'])),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = readFileSync(new URL(file, migrationsDir), 'utf8');
      await conn.run('BEGIN TRANSACTION');
      try {
        await conn.run(sql);
        await conn.run(`INSERT INTO schema_migrations VALUES ($v, now())`, { v: file });
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK');
        throw new Error(`Migration ${file} failed: ${(err as Error).message}`);
      }
      applied.push(file);
    }
    return applied;
  });
}
