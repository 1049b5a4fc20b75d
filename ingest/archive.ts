import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { constants, copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export interface Archived {
  sha256: string;
  bytes: number;
  path: string;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  // big reads: a 1 GB export hashes in half the time of the default 64 KB chunks
  for await (const chunk of createReadStream(path, { highWaterMark: 8 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Keeps the exact bytes of every export a run read, named by their SHA-256, so that any
 * row in the warehouse or the quarantine can be shown as it was received. Identical
 * exports are stored once. `move` takes the file (a download or a dropped file) instead
 * of copying it.
 */
export async function archiveFile(archiveDir: string, path: string, options: { move?: boolean; ext?: string } = {}): Promise<Archived> {
  const [sha256, info] = await Promise.all([sha256File(path), stat(path)]);
  const dir = join(archiveDir, sha256.slice(0, 2));
  await mkdir(dir, { recursive: true });
  const target = join(dir, `${sha256}${options.ext ?? (extname(path).toLowerCase() || '.dat')}`);
  const exists = await stat(target).then(() => true, () => false);
  if (!exists) {
    if (options.move) await rename(path, target).catch(() => copyFile(path, target, constants.COPYFILE_FICLONE));
    else await copyFile(path, target, constants.COPYFILE_FICLONE);
  }
  return { sha256, bytes: info.size, path: target };
}
