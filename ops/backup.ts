import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { quoteIdent, quoteLiteral } from '../warehouse/sql.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

export interface BackupInfo {
  file: string;
  bytes: number;
  created_at: string;
}

const NAME = /^cds-(\d{8}-\d{6})\.duckdb$/;

/**
 * A consistent copy of the whole warehouse (documents, history, run log, quarantine,
 * users, frozen reports, models), taken by the process that owns it while it keeps
 * serving: DuckDB copies one transaction's snapshot into a new database file. It is
 * written under a temporary name and renamed, so a backup file is either whole or absent.
 * Then only the newest `keep` backups are kept.
 */
export async function backupNow(ctx: Warehouse, dir: string, keep: number, now = new Date()): Promise<BackupInfo> {
  await mkdir(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const file = join(dir, `cds-${stamp}.duckdb`);
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  await ctx.lock.run(() =>
    ctx.db.withConnection(async (conn) => {
      const db = String((await conn.runAndReadAll('SELECT current_database() AS d')).getRowObjectsJS()[0]?.['d']);
      await conn.run(`ATTACH ${quoteLiteral(partial)} AS cds_backup`);
      try {
        await conn.run(`COPY FROM DATABASE ${quoteIdent(db)} TO cds_backup`);
      } finally {
        await conn.run('DETACH cds_backup');
      }
    }),
  );
  await rename(partial, file);
  await prune(dir, keep);
  const info = await stat(file);
  return { file, bytes: info.size, created_at: now.toISOString() };
}

export async function listBackups(dir: string): Promise<BackupInfo[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: BackupInfo[] = [];
  for (const name of names.filter((n) => NAME.test(n)).sort().reverse()) {
    const info = await stat(join(dir, name));
    const s = NAME.exec(name)![1]!;
    out.push({ file: join(dir, name), bytes: info.size, created_at: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z` });
  }
  return out;
}

async function prune(dir: string, keep: number): Promise<void> {
  const all = await listBackups(dir);
  for (const old of all.slice(keep)) await rm(old.file, { force: true });
}
