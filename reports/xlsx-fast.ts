import type ExcelJS from 'exceljs';
import { ZipArchive } from 'archiver';
import { Readable, type Writable } from 'node:stream';
import type { SheetOptions, XlsxBook } from './xlsx-fast-cells.ts';
import type { FastRows } from './xlsx-fast-rows.ts';
import { SheetWriter } from './xlsx-fast-sheet.ts';
import { XlsxStyles } from './xlsx-fast-styles.ts';
import { MAIN, RELS, sharedStringXml, xmlAttr, XML_HEAD } from './xlsx-fast-xml.ts';

/**
 * A small SpreadsheetML (Office Open XML, ECMA-376) writer for the big streamed workbook of
 * the reports, the inspection work list: 100,000 documents, 200,000 distinct texts. It uses
 * no library's internals: the XML is ours, the zip is archiver's (public API), the styles are
 * described with ExcelJS's types so that the layout helpers of xlsx-layout.ts lay out its
 * sheets and ExcelJS's alike.
 *
 * What it writes: worksheets (column widths and styles, row heights, merged cells, a frozen
 * header, an auto-filter, A4 print set-up with print titles, fit to width, footer), text as
 * shared strings (t="s"), numbers, dates as Excel serial numbers, styles (fonts, solid
 * fills, thin borders, alignment, number formats incl. percent and dates), document
 * properties. What it does not (formulas, rich text, images, comments, hyperlinks, theme
 * colours) is refused with an error rather than left out.
 *
 * Two ways to write a sheet's rows, in order, each row once:
 * - SheetWriter.getRow(n).getCell(c): the shape of ExcelJS's streaming Worksheet (cells take
 *   their column's style, merged cells share their first cell's style, rows are kept until
 *   committed), for the small sheets (cover, summary, definitions);
 * - rows(): FastRows, a row of values at a time straight into bytes, for the work list.
 * Each sheet is a zip entry written as its rows come; only the table of shared strings is
 * held until the end. xlsx-fast.test.ts reads what it writes back with ExcelJS, LibreOffice
 * and the project's own reader (ingest/formats/xlsx.ts), against the same workbook written
 * by ExcelJS's public API (xlsx-fast-exceljs.ts).
 *
 * Here: the workbook (its parts, the zip, the shared strings); xlsx-fast-sheet.ts: a sheet;
 * xlsx-fast-rows.ts: FastRows; xlsx-fast-styles.ts: styles.xml; xlsx-fast-cells.ts: the
 * values and interfaces; xlsx-fast-xml.ts: escaping.
 */

export { DateCell, excelSerial, SharedText, type FastCell, type RowWriter, type SheetOptions, type XlsxBook, type XlsxSheet } from './xlsx-fast-cells.ts';
export { SheetWriter } from './xlsx-fast-sheet.ts';

/**
 * The table of shared strings: each distinct text once, in the order first written.
 *
 * A big work list gives it three new texts a row (300,000 for 100,000 documents: numbers,
 * ids, sources) and it looks each up once: in a Map that took a quarter of the main
 * thread's time (hashing fresh strings, growing the table). Here the texts are hashed
 * (FNV-1a over their UTF-16 code units) into an open-addressed table of ids in an
 * Int32Array, compared with === only when the hashes match: the same ids, the same order.
 */
class SharedStrings {
  /** the texts by id */
  readonly #texts: string[] = [];
  /** the hash of each text, by id */
  #hashes = new Int32Array(1 << 12);
  /** slot → id + 1 (0: empty); twice as many slots as texts at least */
  #slots = new Int32Array(1 << 13);
  /** references, as the table's count attribute says */
  count = 0;

  id(text: string): number {
    this.count++;
    let h = 0x811c9dc5 | 0;
    for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    const slots = this.#slots;
    const mask = slots.length - 1;
    let i = h & mask;
    for (let x = slots[i]!; x !== 0; x = slots[i]!) {
      if (this.#hashes[x - 1] === h && this.#texts[x - 1] === text) return x - 1;
      i = (i + 1) & mask;
    }
    const id = this.#texts.length;
    this.#texts.push(text);
    if (id === this.#hashes.length) {
      const more = new Int32Array(2 * id);
      more.set(this.#hashes);
      this.#hashes = more;
    }
    this.#hashes[id] = h;
    slots[i] = id + 1;
    if (2 * (id + 1) > slots.length) this.#grow();
    return id;
  }

  #grow(): void {
    const slots = new Int32Array(2 * this.#slots.length);
    const mask = slots.length - 1;
    for (let id = 0; id < this.#texts.length; id++) {
      let i = this.#hashes[id]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.#slots = slots;
  }

  /**
   * xl/sharedStrings.xml, UTF-8, in pieces of 1 MB made as the zip takes them (no string of
   * the whole table, no buffer of it: 16 MB for 250,000 texts)
   */
  *xml(): Generator<Buffer> {
    const SIZE = 1 << 20;
    let buf = Buffer.allocUnsafe(SIZE);
    let pos = 0;
    const texts = this.#texts;
    // a few KB of XML at a time into the buffer: one call to encode it, no long string to flatten
    let chunk = `${XML_HEAD}<sst xmlns="${MAIN}" count="${this.count}" uniqueCount="${texts.length}">`;
    for (let k = 0; k <= texts.length; k++) {
      const last = k === texts.length;
      chunk += last ? '</sst>' : sharedStringXml(texts[k]!);
      if (!last && chunk.length < 16_384) continue;
      if (pos + 3 * chunk.length > buf.length) {
        yield buf.subarray(0, pos);
        buf = Buffer.allocUnsafe(Math.max(SIZE, 3 * chunk.length));
        pos = 0;
      }
      pos += buf.write(chunk, pos);
      chunk = '';
    }
    yield buf.subarray(0, pos);
  }
}

export interface XlsxWriterOptions {
  creator?: string;
  /** the workbook's creation time, also its modification time and its zip entries' time */
  created: Date;
  /** zlib's compression level (1–9); 1 unless told: the size ExcelJS's files had (10 MB for 100,000 documents; 6 makes it 7.7 MB and takes 0.2 s more) */
  compressionLevel?: number;
}

/**
 * A workbook written into `out` as a zip, sheet after sheet: add the sheets, write and
 * commit each in turn, then commit() the workbook.
 */
export class XlsxWriter implements XlsxBook<SheetWriter> {
  readonly styles = new XlsxStyles();
  readonly strings = new SharedStrings();
  readonly #zip: ZipArchive;
  readonly #sheets: SheetWriter[] = [];
  readonly #options: XlsxWriterOptions;
  readonly #out: Writable;
  #error: Error | null = null;
  readonly #failed: Promise<never>;

  constructor(out: Writable, options: XlsxWriterOptions) {
    this.#out = out;
    this.#options = options;
    // zlib's output in pieces of 256 KB rather than 16 KB: fewer trips through the zip's
    // streams for the 60 MB of a big work list
    this.#zip = new ZipArchive({ zlib: { level: options.compressionLevel ?? 1, chunkSize: 1 << 18 } });
    let fail!: (err: Error) => void;
    this.#failed = new Promise<never>((_, reject) => { fail = reject; });
    this.#failed.catch(() => undefined);
    const onError = (err: Error) => {
      this.#error ??= err;
      fail(this.#error);
    };
    const zipStream = this.#zip;
    zipStream.on('error', onError);
    out.on('error', onError);
    // the output closed before the zip was written (a client gone away): stop writing
    out.on('close', () => {
      if (!out.writableFinished) onError(new Error('xlsx-fast: the output stream closed before the workbook was written'));
    });
    zipStream.pipe(out);
  }

  /** Throws the zip's or the output's error, if either failed. */
  check(): void {
    if (this.#error) throw this.#error;
  }

  /** Waits for an event of a stream, or for the zip or the output to fail. */
  async until(emitter: NodeJS.EventEmitter, event: string): Promise<void> {
    this.check();
    let listener!: () => void;
    try {
      await Promise.race([new Promise<void>((resolve) => emitter.once(event, (listener = resolve))), this.#failed]);
    } finally {
      emitter.removeListener(event, listener);
    }
  }

  addWorksheet(name: string, options: SheetOptions = {}): SheetWriter {
    if (this.#sheets.some((s) => s.name === name)) throw new Error(`xlsx-fast: a sheet named ${name} exists already`);
    if (name.length > 31 || /[\\/?*[\]:]/.test(name)) throw new Error(`xlsx-fast: ${name} is not a sheet name Excel takes`);
    const sheet = new SheetWriter(this, name, this.#sheets.length, options);
    this.#sheets.push(sheet);
    // archiver takes the entries one after the other: this sheet's stream is read once the sheets before it have ended
    this.#zip.append(sheet.bytes.stream, { name: `xl/worksheets/sheet${sheet.index + 1}.xml`, date: this.#options.created });
    return sheet;
  }

  rows(sheet: SheetWriter, columnStyles: readonly Partial<ExcelJS.Style>[], firstRow: number): FastRows {
    return sheet.rows(columnStyles, firstRow);
  }

  pageBreakAfter(sheet: SheetWriter, row: number): void {
    sheet.pageBreakAfter(row);
  }

  async commit(): Promise<void> {
    for (const s of this.#sheets) s.commit();
    const add = (xml: string | Readable, name: string) => this.#zip.append(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml, { name, date: this.#options.created });
    add(Readable.from(this.strings.xml(), { objectMode: false }), 'xl/sharedStrings.xml');
    add(this.styles.xml(), 'xl/styles.xml');
    add(this.#workbookXml(), 'xl/workbook.xml');
    add(this.#workbookRels(), 'xl/_rels/workbook.xml.rels');
    add(this.#coreXml(), 'docProps/core.xml');
    add(this.#appXml(), 'docProps/app.xml');
    add(`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + `<Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/>`
      + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
      + `<Relationship Id="rId3" Type="${RELS}/extended-properties" Target="docProps/app.xml"/></Relationships>`, '_rels/.rels');
    add(this.#contentTypes(), '[Content_Types].xml');
    const ended = this.until(this.#out, 'finish');
    await Promise.race([this.#zip.finalize(), this.#failed]);
    await ended;
  }

  #workbookXml(): string {
    const quoted = (name: string) => `'${name.replaceAll("'", "''")}'`;
    const sheets = this.#sheets.map((s) => `<sheet name="${xmlAttr(s.name)}" sheetId="${s.index + 1}" r:id="rId${s.index + 1}"/>`).join('');
    const titles = this.#sheets.filter((s) => s.printTitlesRow).map((s) => {
      const [from, to = from] = s.printTitlesRow!.split(':');
      return `<definedName name="_xlnm.Print_Titles" localSheetId="${s.index}">${xmlAttr(`${quoted(s.name)}!$${from}:$${to}`)}</definedName>`;
    }).join('');
    return `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets>`
      + `${titles ? `<definedNames>${titles}</definedNames>` : ''}<calcPr calcId="171027"/></workbook>`;
  }

  #workbookRels(): string {
    const n = this.#sheets.length;
    const sheets = this.#sheets.map((s) => `<Relationship Id="rId${s.index + 1}" Type="${RELS}/worksheet" Target="worksheets/sheet${s.index + 1}.xml"/>`).join('');
    return `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets}`
      + `<Relationship Id="rId${n + 1}" Type="${RELS}/styles" Target="styles.xml"/>`
      + `<Relationship Id="rId${n + 2}" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  }

  #contentTypes(): string {
    const ct = 'application/vnd.openxmlformats-officedocument';
    const sheets = this.#sheets.map((s) => `<Override PartName="/xl/worksheets/sheet${s.index + 1}.xml" ContentType="${ct}.spreadsheetml.worksheet+xml"/>`).join('');
    return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      + `<Override PartName="/xl/workbook.xml" ContentType="${ct}.spreadsheetml.sheet.main+xml"/>${sheets}`
      + `<Override PartName="/xl/styles.xml" ContentType="${ct}.spreadsheetml.styles+xml"/>`
      + `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.spreadsheetml.sharedStrings+xml"/>`
      + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
      + `<Override PartName="/docProps/app.xml" ContentType="${ct}.extended-properties+xml"/></Types>`;
  }

  #coreXml(): string {
    const when = `${this.#options.created.toISOString().slice(0, 19)}Z`;
    return `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
      + `${this.#options.creator ? `<dc:creator>${xmlAttr(this.#options.creator)}</dc:creator>` : ''}`
      + `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`;
  }

  #appXml(): string {
    const names = this.#sheets.map((s) => `<vt:lpstr>${xmlAttr(s.name)}</vt:lpstr>`).join('');
    const n = this.#sheets.length;
    return `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`
      + `<Application>${xmlAttr(this.#options.creator ?? 'xlsx-fast')}</Application>`
      + `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>`
      + `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${names}</vt:vector></TitlesOfParts></Properties>`;
  }
}


