import { describe, expect, it } from 'vitest';
import type { Counts } from './api.ts';
import { byPriority, score, shortfalls } from './priority.ts';

const counts = (o: Partial<Counts>): Counts => ({
  out_total: 0, out_electronic: 0, out_signed: 0, in_on_time: 0, in_late: 0, in_pending: 0, secret_excluded: 0,
  sent_electronic_rate: null, signed_rate: null, on_time_rate: null, ...o,
});

describe('the team page order (ui/priority.ts)', () => {
  it('counts shortfalls per criterion and scores on the rates that have data', () => {
    const c = counts({ out_total: 10, out_electronic: 8, out_signed: 7, in_late: 2, sent_electronic_rate: 0.8, signed_rate: 0.7, on_time_rate: null });
    expect(shortfalls(c)).toBe(2 + 3 + 2);
    expect(score(c)).toBe(0.75);
    expect(score(counts({}))).toBeNull();
  });

  it('puts more shortfalls first, then the lower score, then units without data last', () => {
    const rows = [
      { code: 'A', shortfalls: 3, score: 0.9 },
      { code: 'B', shortfalls: 10, score: 0.95 },
      { code: 'C', shortfalls: 3, score: 0.8 },
      { code: 'D', shortfalls: 0, score: null },
      { code: 'E', shortfalls: 0, score: 1 },
    ];
    expect(rows.sort(byPriority).map((r) => r.code)).toEqual(['B', 'C', 'A', 'E', 'D']);
  });
});
