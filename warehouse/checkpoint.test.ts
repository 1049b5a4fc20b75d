// The background checkpoint (warehouse/checkpoint.ts): it writes the write-ahead log into the
// database file once the log has reached the threshold, and leaves it below that; what was
// logged is in the file afterwards, as a copy of the file alone shows.
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';
import { checkpointIfLogOver, walBytes } from './checkpoint.ts';
import { Database } from './database.ts';

let w: TestWarehouse | undefined;
afterEach(() => {
  w?.close();
  w = undefined;
});

/**
 * A few MB of log: 200,000 rows in inserts of 50,000 (DuckDB writes a transaction's full row
 * groups, 122,880 rows, straight into the file, and logs smaller appends).
 */
async function growLog(db: Database): Promise<void> {
  await db.all('CREATE TABLE logged (i BIGINT, h VARCHAR)');
  for (let k = 0; k < 4; k++) await db.all(`INSERT INTO logged SELECT i, md5(i::VARCHAR) FROM range(${k * 50000}, ${(k + 1) * 50000}) r(i)`);
}

describe('checkpointIfLogOver', () => {
  it('leaves a log below the threshold alone, and checkpoints one at or above it', async () => {
    w = await testWarehouse();
    await w.db.all('CHECKPOINT');
    await growLog(w.db);
    const logged = await walBytes(w.db);
    expect(logged).toBe(statSync(`${w.config.dbPath}.wal`).size);
    expect(logged).toBeGreaterThan(4 * 1024 * 1024);

    const below = await checkpointIfLogOver(w.db, logged + 1);
    expect(below).toMatchObject({ walBytes: logged, checkpointed: false });
    expect(await walBytes(w.db)).toBe(logged);

    const at = await checkpointIfLogOver(w.db, logged);
    expect(at).toMatchObject({ walBytes: logged, checkpointed: true });
    expect(await walBytes(w.db)).toBe(0);

    // the rows are in the database file: a copy of the file alone (no log), taken while the
    // database is open (closing would checkpoint by itself), has them
    const copy = join(w.dir, 'copy.duckdb');
    copyFileSync(w.config.dbPath, copy);
    const reopened = await Database.open(copy, { readOnly: true });
    try {
      const [row] = await reopened.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM logged');
      expect(row!.n).toBe(200000);
    } finally {
      reopened.close();
    }
  });

  it('counts no log for an in-memory database', async () => {
    const db = await Database.open(':memory:');
    try {
      await growLog(db);
      expect(await walBytes(db)).toBe(0);
      expect(await checkpointIfLogOver(db, 1)).toMatchObject({ walBytes: 0, checkpointed: false });
    } finally {
      db.close();
    }
  });
});
