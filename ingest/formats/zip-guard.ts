import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { invalidExport } from '../../errors.ts';

/**
 * A guard for ZIP containers (XLSX) that runs before any XML parser sees them. An unzip
 * inflates what the archive tells it to (ExcelJS's streaming reader, used before, inflated
 * every entry it met; yauzl, used now, checks sizes but not ratios), so a zip bomb (a few
 * KB that expand to gigabytes) would take the CPU, the memory (shared strings are cached)
 * or the disk (sheets before the shared strings are spooled to a temp file). The guard reads
 * the central directory, refuses absurd sizes and ratios without inflating anything, checks
 * that the entries the streaming reader will walk are exactly those the directory lists,
 * and finally inflates each entry into nothing, stopping as soon as it outgrows its
 * declared size: a directory that lies is caught after a few KB, not gigabytes.
 */

export interface ZipLimits {
  /** the sum of declared uncompressed sizes */
  maxTotalBytes: number;
  /** uncompressed/compressed for an entry above ratioFloorBytes; real XLSX sheets stay near 10 */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

export const ZIP_LIMITS: ZipLimits = { maxTotalBytes: 1024 ** 3, maxRatio: 200, ratioFloorBytes: 1024 ** 2, maxEntries: 10_000 };

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** The directory is read into memory whole: an XLSX's takes a few KB. */
const MAX_DIRECTORY_BYTES = 16 * 1024 ** 2;
const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50, end64: 0x06064b50, locator64: 0x07064b50, descriptor: 0x08074b50 };
const U32 = 0xffffffff;
const U16 = 0xffff;

export async function checkZip(path: string, label: string, limits: ZipLimits = ZIP_LIMITS): Promise<ZipEntry[]> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const damaged = (why: string) => invalidExport(`${label} is not a readable XLSX workbook: ${why} (the file may be cut short or damaged).`);
    const read = async (pos: number, len: number): Promise<Buffer> => {
      if (pos < 0 || len < 0 || pos + len > size) throw damaged('a ZIP record points outside the file');
      const buf = Buffer.alloc(len);
      const { bytesRead } = await fh.read(buf, 0, len, pos);
      if (bytesRead !== len) throw damaged('a ZIP record is cut short');
      return buf;
    };

    const dir = await readDirectory(read, size, damaged);
    if (dir.entries > limits.maxEntries || dir.size > MAX_DIRECTORY_BYTES) {
      throw invalidExport(`${label} was refused unread: its ZIP archive lists ${dir.entries} entries in ${bytes(dir.size)} (an XLSX has a few dozen).`);
    }
    const entries = parseEntries(await read(dir.offset, dir.size), dir.entries, damaged);

    const total = entries.reduce((s, e) => s + e.uncompressedSize, 0);
    if (total > limits.maxTotalBytes) {
      throw invalidExport(`${label} was refused unread: it would expand to ${bytes(total)} (limit ${bytes(limits.maxTotalBytes)}), the mark of a zip bomb rather than an export; export fewer rows per file or use CSV.`);
    }
    for (const e of entries) {
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      if (e.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
        throw invalidExport(`${label} was refused unread: its part "${e.name}" would expand from ${bytes(e.compressedSize)} to ${bytes(e.uncompressedSize)} (${Math.round(ratio)}:1, limit ${limits.maxRatio}:1), the mark of a zip bomb rather than an export.`);
      }
      if (e.flags & 1) throw invalidExport(`${label} is password-protected; save it without a password.`);
      if (e.method !== 0 && e.method !== 8) throw invalidExport(`${label} uses a ZIP compression method (${e.method}) that XLSX files do not use; save it again from Excel.`);
    }
    const layout = await checkLayout(fh, read, entries, dir.offset, damaged);
    for (const l of layout) await checkData(path, l, label);
    return entries;
  } finally {
    await fh.close();
  }
}

type Read = (pos: number, len: number) => Promise<Buffer>;
type Damaged = (why: string) => Error;

/** The end-of-central-directory record (ZIP64 when a field overflows): where the directory is. */
async function readDirectory(read: Read, size: number, damaged: Damaged) {
  if (size < 22) throw damaged('it is too small to be a ZIP archive');
  const tailLen = Math.min(size, 22 + U16);
  const tail = await read(size - tailLen, tailLen);
  let at = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG.end && i + 22 + tail.readUInt16LE(i + 20) <= tailLen) { at = i; break; }
  }
  if (at < 0) throw damaged('its ZIP directory is missing');
  const endPos = size - tailLen + at;
  if (tail.readUInt16LE(at + 4) !== 0 || tail.readUInt16LE(at + 6) !== 0) throw damaged('it is one part of a split ZIP archive');
  let entries = tail.readUInt16LE(at + 10);
  let dirSize = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  let dirEnd = endPos;
  if (entries === U16 || dirSize === U32 || offset === U32) {
    if (endPos < 20) throw damaged('its ZIP64 directory is missing');
    const locator = await read(endPos - 20, 20);
    if (locator.readUInt32LE(0) !== SIG.locator64) throw damaged('its ZIP64 directory is missing');
    const end64Pos = num64(locator, 8, damaged);
    const end64 = await read(end64Pos, 56);
    if (end64.readUInt32LE(0) !== SIG.end64) throw damaged('its ZIP64 directory is damaged');
    entries = num64(end64, 32, damaged);
    dirSize = num64(end64, 40, damaged);
    offset = num64(end64, 48, damaged);
    dirEnd = end64Pos;
  }
  if (offset + dirSize > dirEnd) throw damaged('its ZIP directory overlaps its end record');
  return { entries, size: dirSize, offset };
}

function parseEntries(dir: Buffer, count: number, damaged: Damaged): ZipEntry[] {
  const out: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== SIG.central) throw damaged('its ZIP directory is damaged');
    const nameLen = dir.readUInt16LE(p + 28);
    const extraLen = dir.readUInt16LE(p + 30);
    const commentLen = dir.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > dir.length) throw damaged('its ZIP directory is damaged');
    const e: ZipEntry = {
      name: dir.toString('utf8', p + 46, p + 46 + nameLen),
      flags: dir.readUInt16LE(p + 8),
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      uncompressedSize: dir.readUInt32LE(p + 24),
      localOffset: dir.readUInt32LE(p + 42),
    };
    if (dir.readUInt16LE(p + 34) !== 0 && dir.readUInt16LE(p + 34) !== U16) throw damaged('it is one part of a split ZIP archive');
    applyZip64(e, dir.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), damaged);
    out.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** The ZIP64 extra field holds, in this order, only the sizes and offset that overflowed 32 bits. */
function applyZip64(e: ZipEntry, extra: Buffer, damaged: Damaged): void {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (q + 4 + len > extra.length) throw damaged('its ZIP directory is damaged');
    if (id === 1) {
      let r = q + 4;
      const next = () => {
        if (r + 8 > q + 4 + len) throw damaged('its ZIP64 sizes are damaged');
        const v = num64(extra, r, damaged);
        r += 8;
        return v;
      };
      if (e.uncompressedSize === U32) e.uncompressedSize = next();
      if (e.compressedSize === U32) e.compressedSize = next();
      if (e.localOffset === U32) e.localOffset = next();
    }
    q += 4 + len;
  }
}

/**
 * The streaming reader walks local headers from the start of the file, not the directory:
 * the local entries must follow one another without gaps or overlaps, from byte 0 to the
 * directory, with the names, methods and sizes the directory declares. Otherwise the
 * reader could meet an entry the size checks never saw.
 */
async function checkLayout(fh: FileHandle, read: Read, entries: ZipEntry[], dirOffset: number, damaged: Damaged): Promise<Layout[]> {
  const mismatch = (e: ZipEntry) => damaged(`its part "${e.name}" does not match the ZIP directory`);
  const out: Layout[] = [];
  let pos = 0;
  for (const e of [...entries].sort((a, b) => a.localOffset - b.localOffset)) {
    if (e.localOffset !== pos) throw damaged('its ZIP entries do not line up with its directory');
    const h = await read(pos, 30);
    if (h.readUInt32LE(0) !== SIG.local) throw mismatch(e);
    const nameLen = h.readUInt16LE(26);
    const extraLen = h.readUInt16LE(28);
    const name = (await read(pos + 30, nameLen)).toString('utf8');
    const flags = h.readUInt16LE(6);
    if (name !== e.name || h.readUInt16LE(8) !== e.method || (flags & 8) !== (e.flags & 8)) throw mismatch(e);
    const [lc, lu] = [h.readUInt32LE(18), h.readUInt32LE(22)];
    // sizes may be zero here (given after the data instead) or 0xFFFFFFFF (given in ZIP64 extra)
    const sized = !(flags & 8) || lc !== 0;
    if (sized && lc !== U32 && (lc !== e.compressedSize || lu !== e.uncompressedSize)) throw mismatch(e);
    const dataStart = e.localOffset + 30 + nameLen + extraLen;
    out.push({ entry: e, dataStart, endsAtSignature: !sized });
    pos = dataStart + e.compressedSize;
    if (flags & 8) pos += await descriptorLength(fh, pos, e);
  }
  if (pos !== dirOffset) throw damaged('its ZIP entries do not line up with its directory');
  return out;
}

interface Layout {
  entry: ZipEntry;
  dataStart: number;
  /** the local header gives no size: a streaming reader ends the data at the first descriptor signature */
  endsAtSignature: boolean;
}

/** A data descriptor: optional signature, CRC, then 32-bit or (ZIP64) 64-bit sizes. */
async function descriptorLength(fh: FileHandle, pos: number, e: ZipEntry): Promise<number> {
  const b = Buffer.alloc(4);
  await fh.read(b, 0, 4, pos);
  const signed = b.readUInt32LE(0) === SIG.descriptor ? 4 : 0;
  const wide = e.compressedSize >= U32 || e.uncompressedSize >= U32;
  return signed + 4 + (wide ? 16 : 8);
}

/**
 * Reads one entry's data as the streaming reader will: a data-descriptor signature inside
 * it would end the entry early there and make the rest look like further entries; then
 * inflates it into nothing, stopping the moment it outgrows its declared size.
 */
async function checkData(path: string, l: Layout, label: string): Promise<void> {
  const e = l.entry;
  if (e.compressedSize === 0) return;
  const refuse = (why: string) => invalidExport(`${label} was refused: its part "${e.name}" ${why}, so the archive is damaged or disguises a zip bomb.`);
  const signature = Buffer.alloc(4);
  signature.writeUInt32LE(SIG.descriptor);
  const input = createReadStream(path, { start: l.dataStart, end: l.dataStart + e.compressedSize - 1 });
  const inflate = e.method === 8 ? createInflateRaw() : null;
  let seen = 0;
  let carry = Buffer.alloc(0);
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        input.destroy();
        inflate?.destroy();
        reject(err);
      };
      input.on('data', (chunk: string | Buffer) => {
        if (l.endsAtSignature) {
          const window = Buffer.concat([carry, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
          if (window.includes(signature)) return fail(refuse('holds a ZIP record signature inside its data'));
          carry = window.subarray(Math.max(0, window.length - 3));
        }
      });
      input.on('error', fail);
      if (!inflate) {
        input.on('end', resolve);
        return;
      }
      inflate.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > e.uncompressedSize) fail(refuse(`expands beyond the ${bytes(e.uncompressedSize)} its ZIP directory declares`));
      });
      inflate.on('end', resolve);
      inflate.on('error', (err) => fail(invalidExport(`${label} is not a readable XLSX workbook: its part "${e.name}" cannot be inflated (${err.message}).`)));
      input.pipe(inflate);
    });
  } finally {
    input.destroy();
    inflate?.destroy();
  }
  if (inflate && seen !== e.uncompressedSize) throw refuse(`inflates to ${bytes(seen)}, not the ${bytes(e.uncompressedSize)} its ZIP directory declares`);
}

function num64(buf: Buffer, at: number, damaged: Damaged): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged('a ZIP64 size is out of range');
  return Number(v);
}

function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
