import { describe, expect, it } from 'vitest';
import type { MonthRates } from '../api.ts';
import { trendLine } from './trend-line.ts';

const month = (m: string, carried: number): MonthRates => ({
  month: m, out_total: 1, out_electronic: 1, out_signed: 1, in_on_time: 0, in_late: 0, in_pending: 0, secret_excluded: 0,
  sent_electronic_rate: 1, signed_rate: 1, on_time_rate: null, quarantined_rows: 0, quarantined_rows_unknown_unit: 0,
  units_without_data: 0, complete: true, carried_units: carried,
  in_total: 0, in_electronic: 0, received_electronic_rate: null, in_completed: 0, in_processed_electronic: 0, in_completed_unrecorded: 0, processed_electronic_rate: null,
});

describe('the trend chart across the map change (issue 17)', () => {
  it('shades the months pooled from predecessors, saying how many, and nothing else', () => {
    const spec = trendLine([month('2025-06', 5), month('2025-07', 0)], []) as { layer: { mark: { type: string }; data: { values: Record<string, unknown>[] } }[] };
    const shaded = spec.layer.filter((l) => l.mark.type === 'bar');
    expect(shaded).toHaveLength(1);
    expect(shaded[0]!.data.values).toEqual([{ month: '2025-06', y: 1, note: 'Gộp số liệu của 5 đơn vị tiền thân' }]);
    const plain = trendLine([month('2020-10', 0)], []) as { layer: { mark: { type: string } }[] };
    expect(plain.layer.some((l) => l.mark.type === 'bar')).toBe(false);
  });
});
