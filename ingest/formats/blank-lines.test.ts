import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blankLines } from './blank-lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'blank-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// the file is read in chunks of 8 MiB: a blank line can straddle two of them
const CHUNK = 8 << 20;

/** A file whose byte `at` is where `middle` starts: a line of `a`s before it, `\nb\n` after. */
function file(name: string, at: number, middle: string): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.alloc(at, 'a'), Buffer.from(middle), Buffer.from('b\n')]));
  return path;
}

describe('blankLines', () => {
  it.each([
    ['LF LF across the seam', CHUNK - 1, '\n\n'],
    ['LF LF within a chunk', CHUNK - 2, '\n\n'],
    ['LF CR LF cut after its first byte', CHUNK - 1, '\n\r\n'],
    ['LF CR LF cut after its second byte', CHUNK - 2, '\n\r\n'],
    ['LF LF in a small file', 10, '\n\n'],
  ])('finds a blank line: %s', async (name, at, middle) => {
    expect(await blankLines(file(`${name}.csv`, at, middle), 'lf')).toEqual([2]);
  });

  it('finds none where a line break ends one chunk and text starts the next', async () => {
    expect(await blankLines(file('none.csv', CHUNK - 1, '\n'), 'lf')).toEqual([]);
    expect(await blankLines(file('none-cr.csv', CHUNK - 1, '\r\n'), 'lf')).toEqual([]);
  });

  it('finds CR CR in a file of CR line breaks across the seam', async () => {
    expect(await blankLines(file('cr.csv', CHUNK - 1, '\r\r'), 'cr')).toEqual([2]);
  });
});
