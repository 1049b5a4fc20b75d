import { SaxesParser, type SaxesTag } from 'saxes';
import yauzl from 'yauzl';

/**
 * Reading the parts of an XLSX package as XML events, without ever breaking a character.
 * yauzl finds each part through the ZIP directory and inflates it as a stream (checking
 * its size against the directory); TextDecoder in streaming mode turns the bytes into text,
 * holding back a character cut by a chunk boundary until its next bytes arrive (ExcelJS 4's
 * reader decoded each chunk on its own, and every multi-byte character a boundary cut in
 * two became U+FFFD, silently); saxes parses the text as it comes.
 */

export interface Package {
  zip: yauzl.ZipFile;
  /** the parts of the package by name */
  parts: Map<string, yauzl.Entry>;
  close(): void;
}

export async function openPackage(path: string): Promise<Package> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  const parts = await new Promise<Map<string, yauzl.Entry>>((resolve, reject) => {
    const found = new Map<string, yauzl.Entry>();
    zip.on('entry', (e: yauzl.Entry) => {
      found.set(e.fileName, e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(found));
    zip.once('error', reject);
    zip.readEntry();
  });
  return { zip, parts, close: () => zip.close() };
}

export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
  /** awaited after each chunk of the part (outside the parser's callbacks): true stops reading there */
  afterChunk?(): boolean | Promise<boolean>;
}

/**
 * Streams one part through the handlers. Element names come without their namespace prefix
 * (x:row and row alike: some writers prefix SpreadsheetML); attributes keep theirs (r:id).
 */
export async function readPart(pkg: Package, name: string, handlers: XmlHandlers): Promise<void> {
  const entry = pkg.parts.get(name);
  if (!entry) throw new Error(`the package has no part ${name}`);
  const stream = await pkg.zip.openReadStreamPromise(entry);
  const decoder = new TextDecoder('utf-8');
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  const local = (n: string) => n.slice(n.indexOf(':') + 1);
  if (handlers.open) parser.on('opentag', (tag: SaxesTag) => handlers.open!(local(tag.name), tag.attributes as Record<string, string>));
  if (handlers.close) parser.on('closetag', (tag: SaxesTag) => handlers.close!(local(tag.name)));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.write(decoder.decode(chunk, { stream: true }));
      if (await handlers.afterChunk?.()) return;
    }
    parser.write(decoder.decode());
    parser.close();
  } finally {
    stream.destroy();
  }
}

/** Where a relationship's target points, as a part name: relative to the part's folder, or absolute. */
export function resolveTarget(folder: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `${folder}/${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** The relationships of a part: id → { type, target as a part name }. */
export async function readRelationships(pkg: Package, relsPart: string, folder: string): Promise<Map<string, { type: string; target: string }>> {
  const out = new Map<string, { type: string; target: string }>();
  if (!pkg.parts.has(relsPart)) return out;
  await readPart(pkg, relsPart, {
    open(name, a) {
      if (name === 'Relationship' && a['Id'] && a['Target']) out.set(a['Id'], { type: a['Type'] ?? '', target: resolveTarget(folder, a['Target']) });
    },
  });
  return out;
}

/** Control characters and others that XML cannot hold are written _xHHHH_ in SpreadsheetML text (and _x005F_ escapes a literal underscore). */
export function unescapeXstring(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}
