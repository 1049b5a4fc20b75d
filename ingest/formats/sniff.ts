import { open } from 'node:fs/promises';
import { invalidExport } from '../../errors.ts';
import type { ExportFormat } from './types.ts';

/** The first bytes of a file, enough to tell what it is. */
export async function head(path: string, bytes = 65_536): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Decides the format from the content, with the name or content type as a hint. */
export async function detectFormat(path: string, label: string, hint?: string): Promise<ExportFormat> {
  const buf = await head(path);
  if (buf.length === 0) throw invalidExport(`${label} is empty.`);
  const foreign = foreignFormat(buf);
  if (foreign) throw invalidExport(`${label} ${foreign}`);
  if (buf[0] === 0x50 && buf[1] === 0x4b) return 'xlsx'; // a zip container
  const text = buf.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text === '' && buf.length < 65_536) throw invalidExport(`${label} is empty (only blank space).`);
  if (text.startsWith('[') || text.startsWith('{')) return 'json';
  const h = (hint ?? '').toLowerCase();
  if (h.endsWith('.json') || h.includes('json')) return 'json';
  if (h.endsWith('.xlsx') || h.includes('spreadsheetml')) return 'xlsx';
  return 'csv';
}

/**
 * What a file is when its first bytes show it is not an export at all, as the rest of a
 * sentence for the user: files saved in the wrong format, or an HTTP source that answered
 * with a login or error page.
 */
export function foreignFormat(buf: Buffer): string | undefined {
  const starts = (...bytes: number[]) => bytes.every((b, i) => buf[i] === b);
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return 'is an old binary Office file (an Excel 97–2003 .xls, or a password-protected workbook), not an export; save it as .xlsx (without a password) or as CSV UTF-8.';
  }
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'is a PDF document, not a CSV, XLSX or JSON export.';
  if (starts(0x1f, 0x8b)) return 'is gzip-compressed; decompress it and load the export inside.';
  if (starts(0xfe, 0xff) || starts(0xff, 0xfe) || starts(0xef, 0xbb, 0xbf)) return undefined; // text with a byte-order mark
  if (looksUtf16WithoutBom(buf)) return 'is UTF-16 text without a byte-order mark, which cannot be read safely; export it again as UTF-8.';
  const text = buf.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html')) {
    return 'is an HTML page (perhaps a login or error page of the source system), not an export.';
  }
  if (text.startsWith('<?xml')) return 'is an XML document (perhaps an "XML Spreadsheet 2003"), not an export; save it as .xlsx or as CSV UTF-8.';
  return undefined;
}

/** ASCII text in UTF-16 has a zero byte in every other position. */
function looksUtf16WithoutBom(buf: Buffer): boolean {
  const n = Math.min(buf.length, 512) & ~1;
  if (n < 8) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZeros++;
    if (buf[i + 1] === 0) oddZeros++;
  }
  return Math.max(evenZeros, oddZeros) > 0.7 * (n / 2) && Math.min(evenZeros, oddZeros) < 0.1 * (n / 2);
}
