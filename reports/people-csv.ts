import { businessDate, formatTime } from '../time.ts';
import { looksLikeFormula, text } from './cells.ts';

/**
 * CSV for people: what Excel set to Vietnamese opens in columns with a double-click, as the
 * dashboard's table downloads write it (ui/table-export.ts, README "Downloads"; the tests
 * hold the two to the same bytes): UTF-8 with BOM, `;` between cells (vi-VN's list
 * separator), rates as percent with a decimal comma and two decimals ("96,73 %", read as the
 * number 0.9673), counts without grouping, dates dd/mm/yyyy and times dd/mm/yyyy HH:mm in
 * Vietnam time, CRLF; a text Excel would run as a formula gets a leading apostrophe.
 * Systems ask for `?columns=machine` (the API's names, comma-separated, fractions) or JSON.
 */
export type PeopleType = 'text' | 'integer' | 'percent' | 'date' | 'datetime';
export type PeopleValue = string | number | null | undefined;

export interface PeopleColumn<R> {
  label: string;
  type: PeopleType;
  value: (r: R) => PeopleValue;
}

/** A value as the cell's text. */
export function peopleText(v: PeopleValue, type: PeopleType): string {
  if (v === null || v === undefined || v === '') return '';
  switch (type) {
    case 'percent': return typeof v === 'number' ? (Number.isFinite(v) ? `${(v * 100).toFixed(2).replace('.', ',')} %` : '') : String(v);
    case 'integer': return typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v)) : '') : String(v);
    case 'date': { const [y, m, d] = String(v).slice(0, 10).split('-'); return `${d}/${m}/${y}`; }
    case 'datetime': { const iso = String(v); const [y, m, d] = businessDate(iso).split('-'); return `${d}/${m}/${y} ${formatTime(iso)}`; }
    default: return String(v);
  }
}

function field(s: string, type: PeopleType): string {
  let t = type === 'text' ? text(s) ?? '' : s;
  if (type === 'text' && looksLikeFormula(t)) t = `'${t}`;
  return /[";\n\r]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}

/** The header line (with the BOM) of a people's CSV. */
export function peopleHeader<R>(columns: readonly PeopleColumn<R>[]): string {
  return `\uFEFF${columns.map((c) => field(c.label, 'text')).join(';')}\r\n`;
}

/** One line of a people's CSV. */
export function peopleLine<R>(columns: readonly PeopleColumn<R>[], r: R): string {
  return `${columns.map((c) => field(peopleText(c.value(r), c.type), c.type)).join(';')}\r\n`;
}

/** A whole people's CSV. */
export function peopleCsv<R>(columns: readonly PeopleColumn<R>[], rows: readonly R[]): Buffer {
  return Buffer.from(peopleHeader(columns) + rows.map((r) => peopleLine(columns, r)).join(''), 'utf8');
}
