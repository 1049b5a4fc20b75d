import { stat } from 'node:fs/promises';
import { sqlFile } from './sql.ts';
import type { Database } from './database.ts';

/*
 * DuckDB checkpoints by itself when a commit takes the write-ahead log past its
 * `checkpoint_threshold` (16 MiB), inside that commit: the load or build that happens to
 * cross it waits for the checkpoint. A day's load and incremental build over 10 M documents
 * log about 5.4 MB (the load 4.6, the build 0.8), so every third day's load took 0.2–0.4 s
 * longer on a quiet machine and up to 1.5 s on a busy one. The service checkpoints in the
 * background after a build once the log has passed WAL_CHECKPOINT_MB (config.ts, 8 MiB),
 * so that a load's commit rarely has to (README, "Freshness").
 */

export interface CheckpointResult {
  /** the log's size before, in bytes (0 when there is none) */
  walBytes: number;
  checkpointed: boolean;
  /** DuckDB refused as another connection was writing (a sign-in's session, say): the next build tries again */
  busy?: boolean;
  ms: number;
}

// DuckDB 1.5.5 checkpoints beside open transactions (measured: readers, and a writer that
// has not committed); its sources still refuse a plain CHECKPOINT in some states of other
// writers, with this message, which is no failure of ours
const BUSY = /Cannot CHECKPOINT: there are other (write )?transactions active/i;

const CHECKPOINT = sqlFile(new URL('./sql/checkpoint.sql', import.meta.url));

/** The log beside a database file (none for an in-memory database). */
export async function walBytes(db: Database): Promise<number> {
  if (db.path === ':memory:' || db.path === '') return 0;
  try {
    return (await stat(`${db.path}.wal`)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/**
 * Checkpoints when the log holds at least `thresholdBytes`. The caller holds the write lock:
 * a load's commit and a checkpoint would otherwise wait for each other; readers go on, and
 * the few writes made outside the lock (sessions, tokens' last use, the audit) wait for it.
 */
export async function checkpointIfLogOver(db: Database, thresholdBytes: number): Promise<CheckpointResult> {
  const started = performance.now();
  const bytes = await walBytes(db);
  if (bytes < thresholdBytes) return { walBytes: bytes, checkpointed: false, ms: performance.now() - started };
  try {
    await db.all(CHECKPOINT);
  } catch (err) {
    if (BUSY.test((err as Error).message ?? '')) return { walBytes: bytes, checkpointed: false, busy: true, ms: performance.now() - started };
    throw err;
  }
  return { walBytes: bytes, checkpointed: true, ms: performance.now() - started };
}
