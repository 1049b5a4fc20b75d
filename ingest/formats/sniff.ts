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
  const buf = await head(path, 4096);
  if (buf.length === 0) throw invalidExport(`${label} is empty.`);
  if (buf[0] === 0x50 && buf[1] === 0x4b) return 'xlsx'; // a zip container
  const text = buf.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[') || text.startsWith('{')) return 'json';
  const h = (hint ?? '').toLowerCase();
  if (h.endsWith('.json') || h.includes('json')) return 'json';
  if (h.endsWith('.xlsx') || h.includes('spreadsheetml')) return 'xlsx';
  return 'csv';
}
