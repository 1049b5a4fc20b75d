import type ExcelJS from 'exceljs';
import { xmlAttr } from './xlsx-fast-xml.ts';

/**
 * The cell formats of a workbook written by xlsx-fast.ts (`xl/styles.xml`): fonts, solid
 * fills, borders, alignment and number formats, each given once, and the cell formats
 * (`cellXfs`) that combine them, by id. Styles are described with ExcelJS's types (the
 * layout code builds them for the monthly report's ExcelJS workbook too) and mean what
 * they mean there; what the reports never use (gradient fills, diagonal borders, font
 * colours by theme, rich text, protection) is refused with an error rather than dropped.
 */

/** Number formats Excel knows by id (ECMA-376 Part 1, 18.8.30); any other gets an id from 164 on. */
const BUILT_IN_FORMATS: Readonly<Record<string, number>> = {
  General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '0.00E+00': 11, 'mm-dd-yy': 14, '@': 49,
};
/** the format Excel shows a date cell in when the cell has none of its own (the locale's short date) */
const DATE_FORMAT_ID = 14;

/** The default look: ExcelJS's (Calibri 11), without the theme colour (the file has no theme). */
const DEFAULT_FONT = '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>';

const color = (tag: string, c: Partial<ExcelJS.Color> | undefined): string => {
  if (!c) return '';
  if (c.argb !== undefined) return `<${tag} rgb="${xmlAttr(c.argb)}"/>`;
  throw new Error(`xlsx-fast: colour ${JSON.stringify(c)}: only ARGB colours are written (no theme colours)`);
};

function fontXml(f: Partial<ExcelJS.Font>): string {
  const known = new Set(['name', 'size', 'bold', 'italic', 'underline', 'strike', 'color', 'family', 'scheme']);
  for (const k of Object.keys(f)) if (!known.has(k) && f[k as keyof ExcelJS.Font] !== undefined) throw new Error(`xlsx-fast: font property ${k} is not written`);
  let x = '<font>';
  if (f.bold) x += '<b/>';
  if (f.italic) x += '<i/>';
  if (f.underline) x += f.underline === true || f.underline === 'single' ? '<u/>' : `<u val="${xmlAttr(f.underline)}"/>`;
  if (f.strike) x += '<strike/>';
  if (f.size !== undefined) x += `<sz val="${f.size}"/>`;
  x += color('color', f.color);
  if (f.name !== undefined) x += `<name val="${xmlAttr(f.name)}"/>`;
  if (f.family !== undefined) x += `<family val="${f.family}"/>`;
  if (f.scheme !== undefined) x += `<scheme val="${xmlAttr(f.scheme)}"/>`;
  return `${x}</font>`;
}

function fillXml(f: ExcelJS.Fill): string {
  if (f.type !== 'pattern') throw new Error(`xlsx-fast: ${f.type} fills are not written (pattern fills only)`);
  const inner = color('fgColor', f.fgColor) + color('bgColor', f.bgColor);
  return `<fill><patternFill patternType="${xmlAttr(f.pattern)}"${inner ? `>${inner}</patternFill>` : '/>'}</fill>`;
}

function borderXml(b: Partial<ExcelJS.Borders>): string {
  if (b.diagonal) throw new Error('xlsx-fast: diagonal borders are not written');
  const side = (tag: 'left' | 'right' | 'top' | 'bottom') => {
    const s = b[tag];
    if (!s?.style) return `<${tag}/>`;
    const c = color('color', s.color);
    return `<${tag} style="${xmlAttr(s.style)}"${c ? `>${c}</${tag}>` : '/>'}`;
  };
  return `<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>`;
}

function alignmentXml(a: Partial<ExcelJS.Alignment>): string {
  let x = '<alignment';
  if (a.horizontal) x += ` horizontal="${xmlAttr(a.horizontal)}"`;
  // ExcelJS's 'middle' is SpreadsheetML's 'center'
  if (a.vertical) x += ` vertical="${a.vertical === 'middle' ? 'center' : xmlAttr(a.vertical)}"`;
  if (a.wrapText) x += ' wrapText="1"';
  if (a.shrinkToFit) x += ' shrinkToFit="1"';
  if (a.indent) x += ` indent="${a.indent}"`;
  if (a.textRotation !== undefined) x += ` textRotation="${a.textRotation === 'vertical' ? 255 : a.textRotation}"`;
  if (a.readingOrder) x += ` readingOrder="${a.readingOrder === 'rtl' ? 2 : 1}"`;
  return `${x}/>`;
}

/** Distinct texts (fonts, fills, … as XML; shared strings), each with its index, in the order first given. */
export class DistinctList {
  readonly items: string[];
  readonly #ids = new Map<string, number>();
  constructor(initial: readonly string[] = []) {
    this.items = [...initial];
    initial.forEach((x, i) => this.#ids.set(x, i));
  }
  id(xml: string): number {
    let id = this.#ids.get(xml);
    if (id === undefined) {
      id = this.items.length;
      this.items.push(xml);
      this.#ids.set(xml, id);
    }
    return id;
  }
}

export class XlsxStyles {
  readonly #fonts = new DistinctList([DEFAULT_FONT]);
  // the two fills every workbook starts with, as Excel writes them
  readonly #fills = new DistinctList(['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']);
  readonly #borders = new DistinctList(['<border><left/><right/><top/><bottom/><diagonal/></border>']);
  readonly #xfs = new DistinctList(['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']);
  /** custom number formats: code → id */
  readonly #formats = new Map<string, number>();
  /** the id of a style object already seen (the work list's column styles, one object per column), [not a date, date] */
  readonly #seen = new WeakMap<object, [number | undefined, number | undefined]>();

  /**
   * The id of a cell format. `date`: the cell holds a date, which gets the short-date format
   * when the style has no number format (as ExcelJS does). A style object is remembered: it
   * must not change after it has been given here once.
   */
  id(style: Partial<ExcelJS.Style>, date = false): number {
    const seen = this.#seen.get(style);
    const known = seen?.[date ? 1 : 0];
    if (known !== undefined) return known;
    const id = this.#compute(style, date);
    if (seen) seen[date ? 1 : 0] = id;
    else this.#seen.set(style, date ? [undefined, id] : [id, undefined]);
    return id;
  }

  /** The id of a cell format that may change later (a cell of the small sheets): looked up by its content, not remembered by object. */
  idOf(style: Partial<ExcelJS.Style>, date = false): number {
    return this.#compute(style, date);
  }

  #compute(style: Partial<ExcelJS.Style>, date: boolean): number {
    if (style.protection) throw new Error('xlsx-fast: cell protection is not written');
    const numFmt = style.numFmt ? this.#formatId(style.numFmt) : date ? DATE_FORMAT_ID : 0;
    const font = style.font ? this.#fonts.id(fontXml(style.font)) : 0;
    const fill = style.fill ? this.#fills.id(fillXml(style.fill)) : 0;
    const border = style.border ? this.#borders.id(borderXml(style.border)) : 0;
    const alignment = style.alignment ? alignmentXml(style.alignment) : '';
    if (numFmt === 0 && font === 0 && fill === 0 && border === 0 && !alignment) return 0;
    let xf = `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"`;
    if (numFmt) xf += ' applyNumberFormat="1"';
    if (font) xf += ' applyFont="1"';
    if (fill) xf += ' applyFill="1"';
    if (border) xf += ' applyBorder="1"';
    xf += alignment ? ` applyAlignment="1">${alignment}</xf>` : '/>';
    return this.#xfs.id(xf);
  }

  #formatId(code: string): number {
    const builtIn = BUILT_IN_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    let id = this.#formats.get(code);
    if (id === undefined) this.#formats.set(code, (id = 164 + this.#formats.size));
    return id;
  }

  /** xl/styles.xml */
  xml(): string {
    const list = (tag: string, items: readonly string[]) => `<${tag} count="${items.length}">${items.join('')}</${tag}>`;
    const formats = [...this.#formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlAttr(code)}"/>`);
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
      + (formats.length ? list('numFmts', formats) : '')
      + list('fonts', this.#fonts.items)
      + list('fills', this.#fills.items)
      + list('borders', this.#borders.items)
      + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
      + list('cellXfs', this.#xfs.items)
      + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
      + '</styleSheet>';
  }
}
