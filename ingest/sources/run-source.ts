import { join } from 'node:path';
import type { Settings, SourceConfig } from '../../config.ts';
import { logSourceFailure, type RunSummary } from '../load.ts';
import { scanFolder } from './folder.ts';
import { pullHttp } from './http.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';

export interface SourceRunContext extends Warehouse {
  settings: Settings;
  dataDir: string;
}

/**
 * Runs one source once. Never throws: whatever goes wrong is in the returned run summaries
 * and the run log, so one failing source cannot stop the others.
 */
export async function runSource(ctx: SourceRunContext, source: SourceConfig, trigger: 'schedule' | 'manual' | 'demo' | 'test'): Promise<RunSummary[]> {
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
