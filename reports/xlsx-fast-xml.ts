/**
 * Text as XML, for the parts xlsx-fast.ts writes. Characters XML 1.0 cannot hold (C0
 * controls other than tab, line feed and carriage return) and DEL are left out, as ExcelJS
 * leaves them out, so a stray byte from the data never makes a workbook unreadable (report
 * text has been through cells.ts's cellText already, which removes the same controls).
 */

const SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const SPECIAL_ALL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for an element's content or an attribute's value. */
export function xmlAttr(value: string | number): string {
  const s = String(value);
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (ch) => ENTITIES[ch] ?? '') : s;
}

/** Leading or trailing white space, or a line break, is kept only with xml:space="preserve". */
const PRESERVE = /^\s|\n|\s$/;

/** A shared string item: `<si><t>…</t></si>`. */
export function sharedStringXml(text: string): string {
  return PRESERVE.test(text) ? `<si><t xml:space="preserve">${xmlAttr(text)}</t></si>` : `<si><t>${xmlAttr(text)}</t></si>`;
}

export const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A, B, …, Z, AA, … for a 1-based column number. */
export const columnLetters = (n: number) => {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};
export const ref = (row: number, col: number) => `${columnLetters(col)}${row}`;
