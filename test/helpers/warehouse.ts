import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSettings, type Config } from '../../config.ts';
import { loadRun, type LoadFile, type LoadRequest, type RunSummary } from '../../ingest/load.ts';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.ts';
import { quietLog } from './logs.ts';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface TestWarehouse extends Warehouse {
  dir: string;
  config: Pick<Config, 'dbPath' | 'dataDir' | 'unitsFile' | 'settings'>;
  /** writes a file into the test's folder and returns its path */
  file(name: string, content: string | Buffer): string;
  load(files: (string | LoadFile)[], req?: Partial<LoadRequest>): Promise<RunSummary>;
  rows<T = Record<string, unknown>>(sql: string, params?: Record<string, string | number | boolean | null>): Promise<T[]>;
  close(): void;
}

/** A real warehouse in a DuckDB file of its own, with the project's default configuration. */
export async function testWarehouse(): Promise<TestWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'cds-test-'));
  const settingsFile = join(repoRoot, 'config/settings.json');
  const config = {
    dbPath: join(dir, 'warehouse.duckdb'),
    dataDir: dir,
    unitsFile: join(repoRoot, 'config/units.csv'),
    settings: loadSettings(settingsFile),
  };
  const ctx = await openWarehouse(config, quietLog);
  return {
    ...ctx,
    dir,
    config,
    file(name, content) {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    load(files, req = {}) {
      return loadRun(ctx, {
        sourceId: 'test',
        trigger: 'test',
        ...req,
        files: files.map((f) => (typeof f === 'string' ? { path: f, name: f.split('/').pop()! } : f)),
      });
    },
    rows(sql, params) {
      return ctx.db.all(sql, params);
    },
    close() {
      ctx.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a TypeScript file in a child node process (no tsx wrapper process, so signals reach it). */
export const tsNode = (file: string, args: string[] = []): [string, string[]] => [process.execPath, ['--import', 'tsx', file, ...args]];
