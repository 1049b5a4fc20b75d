import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileChunks } from './file-chunks.ts';

describe('fileChunks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cds-chunks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every byte once, in order, in chunks of at most the size, read into one buffer', async () => {
    const bytes = Buffer.from(Array.from({ length: 1_000 }, (_, i) => (i * 7) % 251));
    const path = join(dir, 'a.bin');
    writeFileSync(path, bytes);
    const copies: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const chunk of fileChunks(path, 64)) {
      expect(chunk.length).toBeLessThanOrEqual(64);
      buffers.add(chunk.buffer);
      copies.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(copies).equals(bytes)).toBe(true);
    expect(copies).toHaveLength(16);
    expect(buffers.size).toBe(1);
  });

  it('gives nothing for an empty file, and closes the file when the reader stops early', async () => {
    const empty = join(dir, 'empty.bin');
    writeFileSync(empty, '');
    const chunks: Buffer[] = [];
    for await (const c of fileChunks(empty)) chunks.push(c);
    expect(chunks).toEqual([]);
    const path = join(dir, 'b.bin');
    writeFileSync(path, Buffer.alloc(300, 1));
    for await (const c of fileChunks(path, 100)) {
      expect(c.length).toBe(100);
      break;
    }
    // the generator's finally closed its handle: the file can be removed and rewritten
    rmSync(path);
    writeFileSync(path, 'x');
  });
});
