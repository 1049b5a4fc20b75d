import type { Database } from '../../warehouse/database.ts';
import { sqlFile } from '../../warehouse/sql.ts';

export interface SourceState {
  source_id: string;
  watermark: string | null;
  last_run_id: number | null;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
}

export async function readSourceState(db: Database, sourceId: string): Promise<SourceState | undefined> {
  const rows = await db.all<SourceState>(sqlFile(new URL('../sql/source-state-read.sql', import.meta.url)), { source_id: sourceId });
  return rows[0];
}

/** Whether a file with these bytes was already loaded successfully for this source. */
export async function alreadyLoaded(db: Database, sourceId: string, sha256: string): Promise<number | undefined> {
  const rows = await db.all<{ run_id: number }>(sqlFile(new URL('../sql/file-already-loaded.sql', import.meta.url)), { source_id: sourceId, sha256 });
  return rows[0]?.run_id;
}
