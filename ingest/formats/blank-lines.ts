import { fileChunks } from './file-chunks.ts';

export type LineBreak = 'lf' | 'cr';

/**
 * The record numbers (header = 1) of a CSV file's blank lines. DuckDB skips blank lines
 * without counting them, while a spreadsheet shows each one as a row, so the rows after a
 * blank line would get numbers too low to find them by. Most files have none: a byte
 * search decides first whether the slower scan, which follows quotes (a quoted field may
 * hold line breaks), is needed at all. `lf` covers CRLF too.
 */
export async function blankLines(path: string, lineBreak: LineBreak): Promise<number[]> {
  const patterns = lineBreak === 'lf' ? ['\n\n', '\n\r\n'] : ['\r\r'];
  if (!(await containsAny(path, patterns.map((p) => Buffer.from(p))))) return [];
  const nl = lineBreak === 'lf' ? 0x0a : 0x0d;
  const blanks: number[] = [];
  let record = 1;
  let quoted = false;
  let empty = false; // nothing but a CR seen since the last line break
  for await (const chunk of fileChunks(path, 1 << 20)) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x22) {
        quoted = !quoted;
        empty = false;
      } else if (b === nl && !quoted) {
        if (empty) blanks.push(record);
        record++;
        empty = true;
      } else if (b !== 0x0d) {
        empty = false;
      }
    }
  }
  return blanks;
}

/**
 * Whether the file holds any of the patterns. Each chunk is searched where it lies; only the
 * seam between two chunks (a pattern cut in two) is searched in a copy of its few bytes:
 * copying every chunk behind the tail of the one before cost as much as the search (a
 * 1.3 GB export).
 */
async function containsAny(path: string, patterns: Buffer[]): Promise<boolean> {
  const keep = Math.max(...patterns.map((p) => p.length)) - 1;
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of fileChunks(path)) {
    if (tail.length > 0 && patterns.some((p) => Buffer.concat([tail, chunk.subarray(0, keep)]).includes(p))) return true;
    if (patterns.some((p) => chunk.includes(p))) return true;
    tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - keep)));
  }
  return false;
}
