import { createHash, randomUUID } from 'node:crypto';
import { constants, copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileChunks } from './formats/file-chunks.ts';

export interface Archived {
  sha256: string;
  bytes: number;
  path: string;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  // big reads (a 1 GB export hashes in half the time of 64 KB chunks) into one buffer: the
  // hash runs while DuckDB reads the file (stageArchive), and a new 8 MiB buffer a read,
  // freed whenever the collector gets to them, raised the load's peak memory
  for await (const chunk of fileChunks(path)) hash.update(chunk);
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

/** A file taken into the archive whose SHA-256 is still being computed (stageArchive). */
export interface StagedArchive {
  /** where its bytes are meanwhile, for the load to read */
  path: string;
  bytes: number;
  /** waits for the hash and names the file by it (once, however often it is called) */
  finish(): Promise<Archived>;
}

/**
 * archiveFile in two steps, so that the load can read the file while it is hashed: the
 * file is first copied into the archive under a name of its own (`incoming/<uuid>.<ext>`),
 * which the load reads, while its SHA-256 is computed from that copy; `finish` then names
 * it by the hash (or drops it when the archive already holds those bytes). Hashing a 1.3 GB
 * export takes about 2 s, which ran before the load read a byte. What the load reads is the
 * archived copy in both cases. A file to `move` is taken as archiveFile takes it (a rename:
 * nothing to overlap).
 */
export async function stageArchive(archiveDir: string, path: string, options: { move?: boolean; ext?: string } = {}): Promise<StagedArchive> {
  if (options.move) {
    const archived = await archiveFile(archiveDir, path, options);
    return { path: archived.path, bytes: archived.bytes, finish: () => Promise.resolve(archived) };
  }
  const ext = options.ext ?? (extname(path).toLowerCase() || '.dat');
  const incoming = join(archiveDir, 'incoming');
  await mkdir(incoming, { recursive: true });
  const temp = join(incoming, `${randomUUID()}${ext}`);
  await copyFile(path, temp, constants.COPYFILE_FICLONE);
  const { size } = await stat(temp);
  const hashing = sha256File(temp);
  hashing.catch(() => undefined); // its failure is finish's
  let finished: Promise<Archived> | undefined;
  const finish = async (): Promise<Archived> => {
    const sha256 = await hashing;
    const dir = join(archiveDir, sha256.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const target = join(dir, `${sha256}${ext}`);
    const exists = await stat(target).then(() => true, () => false);
    if (exists) await rm(temp, { force: true });
    else await rename(temp, target);
    return { sha256, bytes: size, path: target };
  };
  return { path: temp, bytes: size, finish: () => (finished ??= finish()) };
}
