import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { Database } from '../warehouse/database.ts';
import { buildModels } from '../analytics/build.ts';
import { migrate } from '../warehouse/migrate.ts';
import { AppError } from '../errors.ts';

/**
 * Restores a backup into `target`. The backup is checked first, on a scratch copy: it opens,
 * it has the schema, it migrates to this version's, its models build and their data tests
 * pass. The target gets the backup as it was (the service migrates it when it opens it); a
 * target that exists is kept beside it as `<target>.before-restore-<time>`; a target held by
 * another process (the server) is refused, never overwritten.
 */
export async function restoreBackup(backup: string, target: string, now = new Date()): Promise<{ documents: number; movedAside: string | null }> {
  await stat(backup).catch(() => {
    throw new AppError(404, 'no_backup', `There is no backup file ${backup}.`);
  });
  const scratch = `${target}.restore-check-${process.pid}`;
  await copyFile(backup, scratch);
  let documents: number;
  try {
    const db = await Database.open(scratch);
    try {
      const rows = await db.all<{ n: number }>(`SELECT count(*)::DOUBLE AS n FROM documents`).catch((err: Error) => {
        throw new AppError(422, 'bad_backup', `${backup} is not a backup of this service: ${err.message}`);
      });
      documents = rows[0]!.n;
      // a backup of an earlier version is checked as the service will open it: migrated
      await migrate(db);
      await buildModels(db);
    } finally {
      db.close();
    }
  } finally {
    await rm(scratch, { force: true });
    await rm(`${scratch}.wal`, { force: true });
  }

  let movedAside: string | null = null;
  const exists = await stat(target).then(() => true, () => false);
  if (exists) {
    // opening it tells whether another process holds it (a clear database_locked error)
    (await Database.open(target)).close();
    movedAside = `${target}.before-restore-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
    await rename(target, movedAside);
    await rename(`${target}.wal`, `${movedAside}.wal`).catch(() => undefined);
  }
  const partial = `${target}.partial`;
  await copyFile(backup, partial);
  await rename(partial, target);
  return { documents, movedAside };
}
