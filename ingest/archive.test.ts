import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveFile, stageArchive } from './archive.ts';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'archive-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('stageArchive', () => {
  it('gives a copy to read at once, then names it by its SHA-256 as archiveFile does; the original stays', async () => {
    const src = join(dir, 'export.csv');
    writeFileSync(src, 'a,b\n1,2\n');
    const archive = join(dir, 'archive');
    const staged = await stageArchive(archive, src, { ext: '.csv' });
    expect(readFileSync(staged.path, 'utf8')).toBe('a,b\n1,2\n');
    expect(staged.bytes).toBe(8);
    const done = await staged.finish();
    expect(done).toEqual({ sha256: sha('a,b\n1,2\n'), bytes: 8, path: join(archive, sha('a,b\n1,2\n').slice(0, 2), `${sha('a,b\n1,2\n')}.csv`) });
    expect(await staged.finish()).toBe(done);
    expect(readFileSync(done.path, 'utf8')).toBe('a,b\n1,2\n');
    expect(existsSync(staged.path)).toBe(false);
    expect(readdirSync(join(archive, 'incoming'))).toEqual([]);
    expect(existsSync(src)).toBe(true);
    // the same bytes again: stored once, as archiveFile stores them
    const again = await stageArchive(archive, src, { ext: '.csv' });
    expect(await again.finish()).toEqual(done);
    expect(await archiveFile(archive, src, { ext: '.csv' })).toEqual(done);
    expect(readdirSync(join(archive, 'incoming'))).toEqual([]);
    expect(readdirSync(join(archive, sha('a,b\n1,2\n').slice(0, 2)))).toEqual([`${sha('a,b\n1,2\n')}.csv`]);
  });

  it('takes a file to move as archiveFile does', async () => {
    const src = join(dir, 'page.json');
    writeFileSync(src, '[]');
    const staged = await stageArchive(join(dir, 'archive'), src, { move: true, ext: '.json' });
    expect(staged.path).toBe(join(dir, 'archive', sha('[]').slice(0, 2), `${sha('[]')}.json`));
    expect((await staged.finish()).path).toBe(staged.path);
    expect(existsSync(src)).toBe(false);
  });
});
