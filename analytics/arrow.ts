import { Bool, Float64, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/**
 * Rows of numbers, strings and booleans (nulls allowed) as an Arrow IPC stream, columns in
 * the order given. Each column's type comes from its values; a column of nulls only is text.
 */
export function rowsToArrow(rows: readonly object[], columns: readonly string[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const col of columns) {
    const values = rows.map((r) => (r as Record<string, unknown>)[col] ?? null);
    const sample = values.find((v) => v !== null);
    const type = typeof sample === 'number' ? new Float64() : typeof sample === 'boolean' ? new Bool() : new Utf8();
    vectors[col] = vectorFromArray(type instanceof Utf8 ? values.map((v) => (v === null ? null : String(v))) : values, type);
  }
  return tableToIPC(new Table(vectors), 'stream');
}
