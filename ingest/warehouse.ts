import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Database } from '../analytics/db.ts';
import type { Config } from '../config.ts';
import { archiveDirOf, type LoadContext } from './load.ts';
import { loadReference } from './reference.ts';
import { migrate } from './schema.ts';
import { WriteLock } from './write-lock.ts';

/**
 * Opens (creating if needed) the warehouse file, brings its schema up to date and loads
 * the configured reference data. The returned context is what every writer receives.
 */
export async function openWarehouse(config: Pick<Config, 'dbPath' | 'dataDir' | 'unitsFile' | 'settings'>): Promise<LoadContext> {
  if (config.dbPath !== ':memory:') mkdirSync(dirname(config.dbPath), { recursive: true });
  const db = await Database.open(config.dbPath);
  try {
    await migrate(db);
    await loadReference(db, config);
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, lock: new WriteLock(), archiveDir: archiveDirOf(config.dataDir) };
}
