import { describe, expect, it } from 'vitest';
import { marksTop } from './ranking-bar.ts';

describe('the ranking\'s top 10', () => {
  it('is marked only when more than 10 units are ranked', () => {
    const rows = (n: number, unranked = 0) => [...Array.from({ length: n }, (_, i) => ({ rank: i + 1 })), ...Array.from({ length: unranked }, () => ({ rank: null }))];
    expect(marksTop(rows(2))).toBe(false);
    expect(marksTop(rows(10, 5))).toBe(false);
    expect(marksTop(rows(11))).toBe(true);
    expect(marksTop(rows(27))).toBe(true);
  });
});
