import { describe, expect, it } from 'vitest';
import type { NationalInfo, Scope } from './api.ts';
import { marksTop } from './charts/ranking-bar.ts';
import { monthsBetween, monthSpans, unpublishedMonths } from './unpublished.ts';

const province = (code: string, name: string, months: string[]): NationalInfo['provinces'][number] => ({
  code, name, as_of: '2020-12-31', published_at: '2021-01-02T00:00:00Z', map_version: 'x', first_month: months[0] ?? null, last_month: months.at(-1) ?? null, months,
});
const national: NationalInfo = { country: 'VN', provinces: [province('38', 'Thanh Hóa', ['2020-09', '2020-10', '2020-12']), province('40', 'Nghệ An', ['2020-10', '2020-11', '2020-12'])] };
const scope = (period: string, asOf = '2020-12-31'): Scope => ({ period, asOf }) as Scope;

describe('the months a national warehouse lacks of a province', () => {
  it('lists months across a year end', () => {
    expect(monthsBetween('2020-11-01', '2021-02-28')).toEqual(['2020-11', '2020-12', '2021-01', '2021-02']);
    expect(monthsBetween('2020-11', '2020-10')).toEqual([]);
  });

  it('joins consecutive months into spans, in Vietnamese', () => {
    expect(monthSpans(['2020-09'])).toBe('09/2020');
    expect(monthSpans(['2020-12', '2020-11', '2020-09'])).toBe('09/2020, 11–12/2020');
    expect(monthSpans(['2020-12', '2021-01', '2021-02', '2021-04'])).toBe('12/2020–02/2021, 04/2021');
  });

  it('names each province missing a month of the period, up to the cut-off', () => {
    expect(unpublishedMonths(national, scope('2020-Q4'))).toEqual([{ code: '38', name: 'Thanh Hóa', months: ['2020-11'] }]);
    expect(unpublishedMonths(national, scope('2020-09'))).toEqual([{ code: '40', name: 'Nghệ An', months: ['2020-09'] }]);
    // the cut-off ends the months asked: November and December are not yet due
    expect(unpublishedMonths(national, scope('2020-Q4', '2020-10-20'))).toEqual([]);
    expect(unpublishedMonths(national, scope('2020-10'))).toEqual([]);
    // a period wholly after the cut-off asks for no month
    expect(unpublishedMonths(national, scope('2021-01', '2020-12-31'))).toEqual([]);
  });
});

describe('the ranking\'s top 10', () => {
  it('is marked only when more than 10 units are ranked', () => {
    const rows = (n: number, unranked = 0) => [...Array.from({ length: n }, (_, i) => ({ rank: i + 1 })), ...Array.from({ length: unranked }, () => ({ rank: null }))];
    expect(marksTop(rows(2))).toBe(false);
    expect(marksTop(rows(10, 5))).toBe(false);
    expect(marksTop(rows(11))).toBe(true);
    expect(marksTop(rows(27))).toBe(true);
  });
});
