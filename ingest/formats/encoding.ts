import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { invalidExport } from '../../errors.ts';

/**
 * The text encoding of a CSV export, decided before DuckDB reads it (DuckDB reads UTF-8 and
 * UTF-16 LE only). Excel on a Vietnamese Windows saves "CSV (Comma delimited)" in the ANSI
 * code page, Windows-1258: precomposed â ă ê ô ơ ư đ plus combining tone marks, every one of
 * them invalid as UTF-8, so each row with a Vietnamese letter would be quarantined. Such a
 * file is recognised and decoded with iconv-lite into a UTF-8 copy beside the archived
 * original (which stays as received). A file that is not UTF-8 and not recognisably
 * Windows-1258 is refused once, with what to do, rather than quarantined row by row.
 */

export type TextEncoding = 'utf-8' | 'utf-16' | 'windows-1258';

export interface PreparedText {
  /** where the reader reads the text: the file itself, or its UTF-8 copy */
  path: string;
  encoding: TextEncoding;
  /** the UTF-8 copy to delete after the run, when one was written */
  temp?: string;
}

/** How much of the file the decision looks at: the head, or the first non-ASCII stretch. */
const SAMPLE_BYTES = 64 * 1024;

export const SAVE_AS_UTF8 = 'open it in Excel and save it as "CSV UTF-8 (Comma delimited) (*.csv)" (lưu lại dưới dạng CSV UTF-8), or export it again as UTF-8';

/**
 * Decides the encoding of the CSV at `path` and, for Windows-1258, writes the UTF-8 copy to
 * `path + '.utf-8'`. Byte-order marks decide at once; otherwise a sample of the bytes: valid
 * UTF-8 (or ASCII) is UTF-8; bytes that are not UTF-8 and read as Vietnamese in
 * Windows-1258 are Windows-1258; a file mostly UTF-8 with a few invalid bytes is UTF-8 with
 * damaged rows (the reader quarantines those rows, as ever); anything else is refused.
 */
export async function prepareCsvText(path: string, label: string, report: (message: string) => void = () => undefined): Promise<PreparedText> {
  const sample = await textSample(path);
  if (sample.length === 0) return { path, encoding: 'utf-8' };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { path, encoding: 'utf-16' };
  if ((sample[0] === 0xfe && sample[1] === 0xff) || (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)) return { path, encoding: 'utf-8' };
  // NUL bytes: binary data or UTF-16 without a byte-order mark, which the reader refuses as such
  if (sample.includes(0)) return { path, encoding: 'utf-8' };
  const verdict = classify(sample);
  if (verdict === 'utf-8') return { path, encoding: 'utf-8' };
  if (verdict === 'windows-1258') {
    const temp = `${path}.utf-8`;
    await decodeFile(path, temp, 'windows1258');
    report(`${label.replace(/^File /, '')} is Windows-1258 text (Excel's "CSV (Comma delimited)" on a Vietnamese Windows), not UTF-8: decoded to UTF-8 for reading; the archived file stays as received`);
    return { path: temp, encoding: 'windows-1258', temp };
  }
  throw invalidExport(`${label} is not UTF-8 text, and its encoding is not one that can be recognised (Windows-1258, UTF-16 with a byte-order mark); ${SAVE_AS_UTF8}.`);
}

/**
 * The bytes the decision is made on: the file's first 64 KB, or, when those are plain ASCII
 * (which every encoding here agrees on), the 64 KB from the first byte that is not.
 */
async function textSample(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const read = async (pos: number) => {
      const buf = Buffer.alloc(SAMPLE_BYTES);
      const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, pos);
      return buf.subarray(0, bytesRead);
    };
    const head = await read(0);
    if (head.some((b) => b >= 0x80)) return head;
    for (let pos = head.length, chunk = head; chunk.length === SAMPLE_BYTES; pos += chunk.length) {
      chunk = await read(pos);
      const at = chunk.findIndex((b) => b >= 0x80);
      if (at < 0) continue;
      // from the start of the line that holds it, so the sample starts on a character
      const from = Math.max(0, pos + at - 4096);
      const window = await read(from);
      return window.subarray(window.lastIndexOf(0x0a, pos + at - from) + 1);
    }
    return head; // ASCII throughout
  } finally {
    await fh.close();
  }
}

/** UTF-8, Windows-1258 or neither, from a sample that may end inside a character. */
export function classify(sample: Buffer): TextEncoding | 'unknown' {
  const { valid, invalid, lines, damagedLines } = utf8Sequences(sample);
  if (invalid === 0) return 'utf-8';
  // Windows-1258 text is full of bytes invalid as UTF-8 and holds almost no valid multi-byte
  // sequence (a capital then a typographic quote, by chance): one in fifty is allowed
  if (valid * 50 <= invalid && readsAsVietnamese1258(sample)) return 'windows-1258';
  // mostly UTF-8, or a few damaged lines: a UTF-8 export with broken rows, which the reader
  // quarantines one by one; text in another encoding has such bytes on most of its lines
  if (valid >= invalid || damagedLines * 2 < lines) return 'utf-8';
  return 'unknown';
}

/** Counts well-formed multi-byte UTF-8 sequences and bytes that cannot be UTF-8. */
function utf8Sequences(b: Buffer): { valid: number; invalid: number; lines: number; damagedLines: number } {
  let valid = 0;
  let invalid = 0;
  let lines = 1;
  let damagedLines = 0;
  let lineDamaged = false;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      if (c === 0x0a) {
        lines++;
        if (lineDamaged) damagedLines++;
        lineDamaged = false;
      }
      i++;
      continue;
    }
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len > 0 && i + len > b.length) break; // cut by the sample's end
    if (len > 0 && isUtf8(b.subarray(i, i + len))) {
      valid++;
      i += len;
    } else {
      invalid++;
      lineDamaged = true;
      i++;
    }
  }
  if (lineDamaged) damagedLines++;
  return { valid, invalid, lines, damagedLines };
}

/** Bytes Windows-1258 leaves undefined: a file holding one is not Windows-1258. */
const UNDEFINED_1258 = new Set([0x81, 0x8a, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9d, 0x9e]);

/** Every Vietnamese letter in NFC: the vowels with each tone, and đ. */
const VIETNAMESE_LETTERS = new Set(
  [...'aăâeêioôơuưy'].flatMap((v) => ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].flatMap((t) => {
    const l = (v + t).normalize('NFC');
    return [l, l.toUpperCase()];
  })).concat(['đ', 'Đ']),
);
/** Punctuation Vietnamese documents use besides ASCII. */
const PUNCTUATION = new Set([...'\u00a0“”‘’–—…•°«»§±×€₫']);

/**
 * Whether the bytes decode in Windows-1258 to Vietnamese: no byte the code page leaves
 * undefined, at least one letter beyond ASCII, and every character beyond ASCII (after
 * composing the tone marks) a Vietnamese letter or common punctuation, with no tone mark
 * left over (one after a consonant). UTF-8 read this way turns into symbols such as Ă´ or
 * Æ°, so a UTF-8 file is never taken for Windows-1258.
 */
function readsAsVietnamese1258(sample: Buffer): boolean {
  for (const b of sample) if (UNDEFINED_1258.has(b)) return false;
  const text = iconv.decode(sample, 'windows1258').normalize('NFC');
  let letters = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (VIETNAMESE_LETTERS.has(ch)) letters++;
    else if (!PUNCTUATION.has(ch)) return false;
  }
  return letters > 0;
}

/** Streams `from` through iconv-lite's decoder into `to` as UTF-8. */
async function decodeFile(from: string, to: string, encoding: string): Promise<void> {
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), iconv.decodeStream(encoding), createWriteStream(to));
}
