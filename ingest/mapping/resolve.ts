import type { SourceMapping } from '../../config.ts';
import { invalidExport } from '../../errors.ts';
import { CANONICAL_FIELDS, CANONICAL_VALUES, CODED_FIELDS, REQUIRED_FIELDS, type CanonicalField, type CodedField } from './canonical.ts';
import { HEADER_SPELLINGS, VALUE_SPELLINGS } from './spellings.ts';

/** Header key: case, Unicode form, diacritics, spacing and punctuation do not matter. */
export function headerKey(header: string): string {
  return stripDiacritics(header.normalize('NFC').toLowerCase())
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Value key, as the load's SQL computes it (lower(nfc_normalize(trim(x)))): case and
 * Unicode form do not matter. Diacritic-free spellings are added as separate entries.
 */
export function valueKey(value: string): string {
  return value.normalize('NFC').trim().toLowerCase();
}

function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replaceAll('đ', 'd').replaceAll('Đ', 'D').normalize('NFC');
}

export interface ColumnPlan {
  /** canonical field → the file's headers that feed it, first non-empty wins */
  sources: Partial<Record<CanonicalField, string[]>>;
  /** canonical field → value used when the column is absent or the cell empty */
  defaults: Partial<Record<CanonicalField, string>>;
  /** headers of the file that map to nothing (reported, not an error) */
  ignored: string[];
}

/**
 * Works out which of a file's headers feed which canonical column. A file that lacks a
 * required column (and has no default for it) is not an export: it fails with the
 * headers it has and those it lacks.
 */
export function planColumns(headers: readonly string[], mapping: SourceMapping | undefined, fileLabel: string): ColumnPlan {
  const byKey = new Map<string, CanonicalField>();
  for (const field of CANONICAL_FIELDS) for (const s of HEADER_SPELLINGS[field]) byKey.set(headerKey(s), field);
  // a source's own spellings win over the defaults
  for (const [spelling, field] of Object.entries(mapping?.headers ?? {})) byKey.set(headerKey(spelling), field);

  const sources: Partial<Record<CanonicalField, string[]>> = {};
  const ignored: string[] = [];
  for (const header of headers) {
    const field = byKey.get(headerKey(header));
    if (field) (sources[field] ??= []).push(header);
    else ignored.push(header);
  }
  const defaults: Partial<Record<CanonicalField, string>> = { ...(mapping?.defaults ?? {}) };
  const missing = REQUIRED_FIELDS.filter((f) => !sources[f] && defaults[f] === undefined);
  if (missing.length > 0) {
    const found = headers.length ? headers.map((h) => `"${h}"`).join(', ') : 'none';
    throw invalidExport(
      `${fileLabel} is not a document register export: it lacks the column(s) ${missing.join(', ')}. Headers found: ${truncate(found, 500)}.`,
      { missing, headers: headers.slice(0, 50) },
    );
  }
  return { sources, defaults, ignored };
}

export interface ValueMapRow {
  field: CodedField;
  spelling: string;
  value: string;
}

/** The accepted spellings of coded values for one source, as rows for the load's SQL. */
export function valueMapRows(mapping: SourceMapping | undefined): ValueMapRow[] {
  const map = new Map<string, ValueMapRow>();
  const add = (field: CodedField, spelling: string, value: string) => {
    for (const key of new Set([valueKey(spelling), valueKey(stripDiacritics(spelling))])) {
      map.set(`${field}\u0000${key}`, { field, spelling: key, value });
    }
  };
  for (const field of CODED_FIELDS) {
    for (const [value, spellings] of Object.entries(VALUE_SPELLINGS[field])) for (const s of spellings) add(field, s, value);
  }
  for (const [field, values] of Object.entries(mapping?.values ?? {}) as [CodedField, Record<string, string>][]) {
    for (const [spelling, value] of Object.entries(values)) {
      if (!CANONICAL_VALUES[field].includes(value)) {
        throw invalidExport(`Mapping for ${field} maps "${spelling}" to "${value}", which is not one of ${CANONICAL_VALUES[field].join(', ')}`);
      }
      add(field, spelling, value);
    }
  }
  return [...map.values()];
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
