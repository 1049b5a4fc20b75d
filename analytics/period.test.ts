import { describe, expect, it } from 'vitest';
import { parseDate, parsePeriod, periodFrom, previousPeriod, rangePeriod, todayInVietnam } from './period.ts';

describe('periods', () => {
  it.each([
    ['2020-10', 'month', '2020-10-01', '2020-10-31'],
    ['2020-02', 'month', '2020-02-01', '2020-02-29'],
    ['2020-Q4', 'quarter', '2020-10-01', '2020-12-31'],
    ['2021-q1', 'quarter', '2021-01-01', '2021-03-31'],
    ['2020-6M', 'half', '2020-01-01', '2020-06-30'],
    ['2020-9M', 'nine_months', '2020-01-01', '2020-09-30'],
    ['2020', 'year', '2020-01-01', '2020-12-31'],
  ])('%s is a %s from %s to %s', (text, kind, from, to) => {
    expect(parsePeriod(text)).toMatchObject({ kind, from, to });
  });

  it.each(['2020-13', '2020-Q5', '2020-7M', '20-10', 'last month', '1999', ''])('refuses %j with a 400', (text) => {
    expect(() => parsePeriod(text)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('takes from/to ranges, inclusive, and refuses from after to or impossible dates', () => {
    expect(rangePeriod('2020-05-22', '2020-06-30')).toMatchObject({ kind: 'range', from: '2020-05-22', to: '2020-06-30' });
    expect(() => rangePeriod('2020-07-01', '2020-06-30')).toThrow(/after/);
    expect(() => parseDate('2020-02-30', 'to')).toThrow(/calendar/);
    expect(() => parseDate('1999-12-31', 'as_of')).toThrow(expect.objectContaining({ code: 'invalid_date', message: expect.stringMatching(/^as_of "1999-12-31"/) }));
    expect(() => periodFrom({ period: '2020', from: '2020-01-01', to: '2020-01-02' })).toThrow(/either/);
    expect(() => periodFrom({})).toThrow(expect.objectContaining({ code: 'missing_period' }));
  });

  it('knows the previous period of the same kind', () => {
    const prev = (t: string) => previousPeriod(parsePeriod(t)).label;
    expect(prev('2020-01')).toBe('2019-12');
    expect(prev('2020-10')).toBe('2020-09');
    expect(prev('2020-Q1')).toBe('2019-Q4');
    expect(prev('2020-Q3')).toBe('2020-Q2');
    expect(prev('2021-6M')).toBe('2020-6M');
    expect(prev('2021-9M')).toBe('2020-9M');
    expect(prev('2021')).toBe('2020');
    expect(previousPeriod(rangePeriod('2020-03-01', '2020-03-10'))).toMatchObject({ from: '2020-02-20', to: '2020-02-29' });
    // the first years: the period before is worked out, though nobody may ask for it
    expect(prev('2000')).toBe('1999');
    expect(prev('2000-01')).toBe('1999-12');
    expect(prev('2000-Q1')).toBe('1999-Q4');
    expect(prev('2000-6M')).toBe('1999-6M');
  });

  it("says today's date as Vietnam has it", () => {
    expect(todayInVietnam(new Date('2020-05-21T16:59:59Z'))).toBe('2020-05-21');
    expect(todayInVietnam(new Date('2020-05-21T17:00:00Z'))).toBe('2020-05-22');
  });
});
