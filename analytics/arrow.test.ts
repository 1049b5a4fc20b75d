import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { rowsToArrow } from './arrow.ts';

describe('Arrow encoding', () => {
  it('keeps numbers, nulls, text and booleans, in the given column order', () => {
    const bytes = rowsToArrow(
      [{ month: '2020-07', out_total: 2, rate: 0.5, ok: true }, { month: '2020-08', out_total: 0, rate: null, ok: false }],
      ['month', 'out_total', 'rate', 'ok'],
    );
    const t = tableFromIPC(bytes);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['month', 'out_total', 'rate', 'ok']);
    expect(t.toArray().map((r) => r.toJSON())).toEqual([
      { month: '2020-07', out_total: 2, rate: 0.5, ok: true },
      { month: '2020-08', out_total: 0, rate: null, ok: false },
    ]);
  });
});
