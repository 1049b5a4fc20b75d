import { lstat, mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { FolderSourceConfig, SourceMapping } from '../../config.ts';
import { businessDate } from '../../time.ts';
import { sha256File } from '../archive.ts';
import { loadRun, logSourceFailure, type RunSummary } from '../load.ts';
import { alreadyLoaded } from './state.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';

/** A file younger than this may still be being written by whoever drops it. */
const SETTLE_MS = 2_000;
const SKIP = /^\.|\.(part|tmp|crdownload|partial)$|^~\$/i;

export interface FolderScanOptions {
  mapping?: SourceMapping;
  trigger: 'schedule' | 'manual' | 'demo' | 'test';
  dataDir: string;
  now?: () => number;
}

export interface FolderScanResult {
  runs: RunSummary[];
  /** files whose exact bytes had already been loaded: moved aside without a run */
  skipped: { name: string; loadedInRun: number }[];
}

export const folderOf = (source: FolderSourceConfig, dataDir: string) =>
  isAbsolute(source.path) ? source.path : resolve(dataDir, source.path);

/**
 * Loads every export dropped into the source's folder, each file in its own run, and then
 * moves it aside: to processed/YYYY-MM-DD/ when it loaded (even with quarantined rows), to
 * failed/ with a .error.txt beside it when it could not be read. A file is loaded once:
 * the same bytes dropped again are moved aside without a second run.
 */
export async function scanFolder(ctx: Warehouse, source: FolderSourceConfig, opts: FolderScanOptions): Promise<FolderScanResult> {
  const dir = folderOf(source, opts.dataDir);
  await mkdir(dir, { recursive: true });
  const now = opts.now ?? Date.now;
  const entries = await readdir(dir, { withFileTypes: true });
  const candidates: { name: string; mtime: number }[] = [];
  const result: FolderScanResult = { runs: [], skipped: [] };
  for (const e of entries) {
    if (e.isSymbolicLink() && !SKIP.test(e.name)) {
      result.runs.push(await refuseLink(ctx, source, opts, dir, e.name));
      continue;
    }
    if (!e.isFile() || SKIP.test(e.name)) continue;
    const info = await stat(join(dir, e.name));
    if (now() - info.mtimeMs < SETTLE_MS) continue;
    candidates.push({ name: e.name, mtime: info.mtimeMs });
  }
  candidates.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));

  for (const { name } of candidates) {
    const path = join(dir, name);
    const day = businessDate(now());
    const earlier = await alreadyLoaded(ctx.db, source.id, await sha256File(path));
    if (earlier !== undefined) {
      await moveAside(path, join(dir, 'processed', day), name);
      result.skipped.push({ name, loadedInRun: earlier });
      ctx.log.info({ runId: earlier, source: source.id, file: name }, 'file already loaded by this run: moved aside without a new run');
      continue;
    }
    const summary = await loadRun(ctx, {
      sourceId: source.id,
      trigger: opts.trigger,
      files: [{ path, name }],
      ...(opts.mapping ? { mapping: opts.mapping } : {}),
    });
    result.runs.push(summary);
    if (summary.status === 'succeeded') {
      await moveAside(path, join(dir, 'processed', day), name);
    } else {
      const moved = await moveAside(path, join(dir, 'failed'), name);
      await writeFile(`${moved}.error.txt`, `run ${summary.runId} at ${summary.finishedAt}\n${summary.error ?? ''}\n`);
    }
  }
  return result;
}

/**
 * A symbolic link is not followed: it could point at any file the server may read (its
 * database, its keys), and whoever may drop files should not be able to load those. It is
 * not skipped in silence either: the source's run log and last error say so (and so the
 * server's log), and the link is moved to failed/ with the reason beside it, so it is
 * reported once.
 */
async function refuseLink(ctx: Warehouse, source: FolderSourceConfig, opts: FolderScanOptions, dir: string, name: string): Promise<RunSummary> {
  const summary = await logSourceFailure(ctx, { sourceId: source.id, trigger: opts.trigger },
    `File "${name}" is a symbolic link, which is not followed: copy the export itself into the folder.`);
  const moved = await moveAside(join(dir, name), join(dir, 'failed'), name);
  await writeFile(`${moved}.error.txt`, `run ${summary.runId} at ${summary.finishedAt}\n${summary.error ?? ''}\n`);
  return summary;
}

/** Moves a file into a folder without overwriting an earlier file of the same name. */
async function moveAside(path: string, toDir: string, name: string): Promise<string> {
  await mkdir(toDir, { recursive: true });
  let target = join(toDir, name);
  for (let i = 2; await lstat(target).then(() => true, () => false); i++) {
    const dot = name.lastIndexOf('.');
    target = join(toDir, dot > 0 ? `${name.slice(0, dot)} (${i})${name.slice(dot)}` : `${name} (${i})`);
  }
  await rename(path, target);
  return target;
}
