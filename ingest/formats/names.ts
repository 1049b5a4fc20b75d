import { invalidExport } from '../../errors.ts';

/** Column names for a temp relation: distinct and non-empty, in the file's order. */
export function uniqueNames(headers: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((h, i) => {
    const base = h === '' ? `column${i + 1}` : h;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

/** More columns than any register export has: a wide spreadsheet or a mangled header, not an export. */
export const MAX_COLUMNS = 1_000;

export function checkColumnCount(headers: readonly string[], label: string): void {
  if (headers.length > MAX_COLUMNS) {
    throw invalidExport(`${label} has ${headers.length.toLocaleString('en')} columns; a document register export has a dozen or so (at most ${MAX_COLUMNS.toLocaleString('en')}).`);
  }
}
