import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD } from '../config.ts';
import { asOfOf, rankingNotes, scopeJson, scopeOf, trendMonths } from './route-scope.ts';
import type { RankingRow } from './schemas.ts';

// the steps the province's (analytics/routes.ts) and the national (national/routes.ts) figure routes share
const now = () => new Date('2021-01-09T18:30:00Z'); // 01:30 on 10/1/2021 in Vietnam

describe('the figure routes\' request scope', () => {
  it('takes as_of or today in Vietnam, and refuses a date not on the calendar', () => {
    expect(asOfOf(undefined, now)).toBe('2021-01-10');
    expect(asOfOf('', now)).toBe('2021-01-10');
    expect(asOfOf('2020-10-31', now)).toBe('2020-10-31');
    expect(() => asOfOf('2020-02-30', now)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_date' }));
  });

  it('reads period= or from=&to=, with the baseline left out unless asked, and states it in this order', () => {
    const month = scopeOf({ period: '2020-10' }, now);
    expect(month).toEqual({ period: expect.objectContaining({ kind: 'month', from: '2020-10-01', to: '2020-10-31' }), asOf: '2021-01-10', includeBaseline: false });
    const range = scopeOf({ from: '2020-10-05', to: '2020-11-02', as_of: '2020-12-01', include_baseline: true }, now);
    expect(JSON.stringify(scopeJson(range))).toBe('{"period":"2020-10-05..2020-11-02","from":"2020-10-05","to":"2020-11-02","as_of":"2020-12-01","include_baseline":true}');
    expect(() => scopeOf({ period: '2020-10', from: '2020-10-01', to: '2020-10-31' }, now)).toThrow(expect.objectContaining({ code: 'invalid_period' }));
    expect(() => scopeOf({}, now)).toThrow(expect.objectContaining({ code: 'missing_period' }));
  });

  it('takes a trend of up to 20 years, in order', () => {
    expect(trendMonths({ from: '2000-01', to: '2020-01' })).toEqual({ from: '2000-01', to: '2020-01' });
    expect(trendMonths({ from: ' 2020-10', to: '2020-10' })).toEqual({ from: '2020-10', to: '2020-10' });
    expect(() => trendMonths({ from: '2000-01', to: '2020-02' })).toThrow(expect.objectContaining({ code: 'invalid_period', message: 'A trend covers at most 20 years.' }));
    expect(() => trendMonths({ from: '2020-10', to: '2020-06' })).toThrow(expect.objectContaining({ code: 'invalid_period' }));
    expect(() => trendMonths({ from: '2020-13', to: '2021-01' })).toThrow(expect.objectContaining({ code: 'invalid_month' }));
  });

  it('states a ranking\'s rule, scorecard and the line under it', () => {
    const row = (complete: boolean, without: number, quarantined: number) => ({ complete, units_without_data: without, quarantined_rows: quarantined }) as RankingRow;
    const notes = rankingNotes([row(true, 0, 0), row(false, 2, 0), row(false, 1, 5)], 'count_against', DEFAULT_SCORECARD);
    expect(Object.keys(notes)).toEqual(['incomplete_rule', 'scorecard', 'completeness']);
    expect(notes.incomplete_rule).toBe('count_against');
    expect(notes.completeness).toEqual({ incomplete: 2, units_without_data: 3, quarantined_rows: 5 });
    expect(notes.scorecard).toEqual({ indicators: DEFAULT_SCORECARD.indicators, penalties: DEFAULT_SCORECARD.penalties });
    // copies: the response never hands out the frozen settings
    expect(notes.scorecard.indicators[0]).not.toBe(DEFAULT_SCORECARD.indicators[0]);
  });
});
