import { open } from 'node:fs/promises';

/**
 * A file's bytes in chunks of up to `size`, all read into one buffer: each chunk is valid
 * only until the next is asked for (copy what must outlive it). For the passes over a whole
 * export that run while DuckDB reads it (its hash, the blank-line search): a stream's new
 * buffer a chunk, freed whenever the collector gets to them, is memory the load's peak
 * counts.
 */
export async function* fileChunks(path: string, size = 8 << 20): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, size, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
