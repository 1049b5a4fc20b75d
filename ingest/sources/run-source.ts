import { join } from 'node:path';
import type { Settings, SourceConfig } from '../../config.ts';
import { logSourceFailure, type RunSummary } from '../load.ts';
import { scanFolder } from './folder.ts';
import { pullHttp } from './http.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { WriteLock } from '../../warehouse/write-lock.ts';

export interface SourceRunContext extends Warehouse {
  settings: Settings;
  dataDir: string;
}

// One queue per source and database (WriteLock serialises whatever it runs): a source runs once at a time.
const queues = new WeakMap<object, Map<string, WriteLock>>();

/**
 * Runs one source once. Never throws: whatever goes wrong is in the returned run summaries
 * and the run log, so one failing source cannot stop the others. A run asked for while the
 * same source runs (a double click, a manual run landing on the scheduled one) starts when
 * that one has ended, and finds what is left: two scans of one folder at once took the same
 * files, and each failed on the other's moves (two pulls of an HTTP source would both start
 * from the same watermark).
 */
export function runSource(ctx: SourceRunContext, source: SourceConfig, trigger: 'schedule' | 'manual' | 'demo' | 'test'): Promise<RunSummary[]> {
  let ofDb = queues.get(ctx.db);
  if (!ofDb) queues.set(ctx.db, (ofDb = new Map()));
  let queue = ofDb.get(source.id);
  if (!queue) ofDb.set(source.id, (queue = new WriteLock()));
  return queue.run(() => runSourceNow(ctx, source, trigger));
}

async function runSourceNow(ctx: SourceRunContext, source: SourceConfig, trigger: 'schedule' | 'manual' | 'demo' | 'test'): Promise<RunSummary[]> {
  const mapping = source.mapping ? ctx.settings.mappings[source.mapping] : undefined;
  try {
    if (source.kind === 'http') {
      return [await pullHttp(ctx, source, { trigger, tmpDir: join(ctx.dataDir, 'tmp'), ...(mapping ? { mapping } : {}) })];
    }
    return (await scanFolder(ctx, source, { trigger, dataDir: ctx.dataDir, ...(mapping ? { mapping } : {}) })).runs;
  } catch (err) {
    try {
      return [await logSourceFailure(ctx, { sourceId: source.id, trigger }, `Unexpected error: ${(err as Error).message}`)];
    } catch {
      return [];
    }
  }
}
