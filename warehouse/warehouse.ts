import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { loadReference } from './reference.ts';
import { WriteLock } from './write-lock.ts';
import { AppError } from '../errors.ts';
import { sqlFile } from './sql.ts';

/**
 * The handle every layer above receives, created once at start-up (or by a command-line
 * tool) and passed down: the one database, the lock its writers share, and the folder where
 * the exact bytes of every loaded export are kept (ingest_files.archive_path points there).
 */
export interface Warehouse {
  db: Database;
  lock: WriteLock;
  /** where the exact bytes of every export are kept */
  archiveDir: string;
  /** the process's logger (log.ts), created at start-up: loads log through it, each line with its run id */
  log: Logger;
  /** DuckDB's memory limit while a load runs, in MiB (Config.loadMemoryMb); absent or 0: DuckDB's own */
  loadMemoryMb?: number;
}

export const archiveDirOf = (dataDir: string) => join(dataDir, 'archive');

/**
 * Opens (creating if needed) the warehouse file, brings its schema up to date and loads
 * the configured reference data (units, milestones, teams).
 */
export async function openWarehouse(config: Pick<Config, 'dbPath' | 'dataDir' | 'unitsFile' | 'settings'> & Partial<Pick<Config, 'loadMemoryMb'>>, log: Logger): Promise<Warehouse> {
  if (config.dbPath !== ':memory:') mkdirSync(dirname(config.dbPath), { recursive: true });
  const db = await Database.open(config.dbPath);
  try {
    await migrate(db, {
      onKeyHashesRefreshed: (documents) => log.warn({ documents }, 'stored key hashes of documents were not this DuckDB\'s hash of their keys (another DuckDB version, or documents changed outside any load): computed again; the next full model build checks every document'),
    });
    // a national warehouse served or loaded as a province's would get the province's models
    // built into it and show an empty province (npm run serve without --national)
    if ((await db.all<{ provinces: number }>(sqlFile(new URL('./sql/is-national.sql', import.meta.url))))[0]!.provinces > 0) {
      throw new AppError(409, 'not_province', `${config.dbPath} is a national warehouse (it holds provinces' published counts), not a province's: serve it with npm run serve -- --national --db ${config.dbPath}.\n${config.dbPath} là kho số liệu quốc gia, không phải kho của một tỉnh: hãy mở bằng npm run serve -- --national.`);
    }
    await loadReference(db, config);
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, lock: new WriteLock(), archiveDir: archiveDirOf(config.dataDir), log, ...(config.loadMemoryMb ? { loadMemoryMb: config.loadMemoryMb } : {}) };
}
