/**
 * The only ways report code turns a value into a spreadsheet cell or a CSV field, so that
 * no text from the data (a document number, a type, a unit name) can ever become a
 * formula, and every text is NFC with no characters that break the file.
 */
import { wallClock } from '../time.ts';

// C0 controls other than tab, LF and CR are not allowed in XML 1.0: one stray byte from a
// vendor export would make the whole workbook unreadable.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Printable ASCII: already NFC, and nothing XML cannot hold (most document numbers and ids). */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** Text for a cell: NFC, without characters XML cannot hold; null stays null. */
export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value);
  return PRINTABLE_ASCII.test(s) ? s : s.normalize('NFC').replace(XML_INVALID, '');
}

/**
 * The value to assign to an ExcelJS cell for a piece of text from the data. ExcelJS writes
 * a JS string as a string cell (never a formula: only an object with `formula` does that),
 * so the text is kept exactly as the unit registered it; this function exists so that no
 * report code ever passes an object through from the data.
 */
export function cellText(value: unknown): string | null {
  const t = text(value);
  return t === '' ? null : t;
}

/** What a spreadsheet would read as a formula or a DDE command if typed or imported. */
export function looksLikeFormula(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s);
}

/**
 * One CSV field (RFC 4180, comma-separated). Text that a spreadsheet would run as a
 * formula is prefixed with a single quote, as OWASP recommends for CSV injection; numbers
 * are written as plain numbers (a negative number is data, not a formula).
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let s = text(value) ?? '';
  if (looksLikeFormula(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A CSV document: UTF-8 with a BOM (so Excel shows the diacritics), CRLF line ends. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): Buffer {
  const lines = [header.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

/** A business date YYYY-MM-DD as an Excel date (a number in the file, shown as a date). */
export function excelDate(date: string | null | undefined): Date | null {
  if (!date) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/**
 * An instant (ISO 8601, UTC) as the Vietnam local date and time, for an Excel cell: Excel
 * has no time zones, so the cell holds the wall-clock time of Asia/Ho_Chi_Minh.
 */
export function excelLocalTime(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : wallClock(t);
}

export const NO_DATA = '—';

export const FORMATS = {
  rate: '0.0%',
  /** a change of a rate, in percentage points: always signed */
  change: '+0.0%;-0.0%;0.0%',
  count: '#,##0',
  score: '0.0000',
  date: 'dd/mm/yyyy',
  dateTime: 'dd/mm/yyyy hh:mm',
} as const;
