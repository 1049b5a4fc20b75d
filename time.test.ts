import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import {
  addDays, businessDate, daysInMonth, formatDate, formatDateTime, formatTime, fromWallClock, localInstant, localIso,
  localIsoWithOffset, monthBounds, monthOf, offsetAt, TIME_ZONE, today, wallClock,
} from './time.ts';

const HOUR = 3_600_000;

describe('business dates in Asia/Ho_Chi_Minh', () => {
  it('an instant at 17:00Z or later is the next local day', () => {
    expect(businessDate('2020-05-21T16:59:59.999Z')).toBe('2020-05-21');
    expect(businessDate('2020-05-21T17:00:00Z')).toBe('2020-05-22');
    expect(businessDate(new Date('2020-12-31T17:00:00Z'))).toBe('2021-01-01');
    expect(businessDate(Date.parse('2020-12-31T16:59:59Z'))).toBe('2020-12-31');
    expect(businessDate('2020-05-22T00:30:00+07:00')).toBe('2020-05-22');
    expect(today(new Date('2021-02-28T17:00:00Z'))).toBe('2021-03-01');
    expect(monthOf('2020-09-30T17:00:00Z')).toBe('2020-10');
    expect(monthOf('2020-09-30T16:59:59Z')).toBe('2020-09');
  });

  it('month boundaries are local midnights, 17:00Z the day before', () => {
    expect(monthBounds('2020-10')).toEqual({
      first: '2020-10-01', last: '2020-10-31',
      start: new Date('2020-09-30T17:00:00Z'), end: new Date('2020-10-31T17:00:00Z'),
    });
    expect(monthBounds('2020-02')).toMatchObject({ last: '2020-02-29', end: new Date('2020-02-29T17:00:00Z') });
    expect(monthBounds('2021-02')).toMatchObject({ last: '2021-02-28' });
    expect(monthBounds('2020-12')).toMatchObject({ start: new Date('2020-11-30T17:00:00Z'), end: new Date('2020-12-31T17:00:00Z') });
    // each instant of a month, and no other, has a business date in it
    const { start, end, first, last } = monthBounds('2021-06');
    expect(businessDate(start)).toBe(first);
    expect(businessDate(end.getTime() - 1)).toBe(last);
    expect(businessDate(end)).toBe('2021-07-01');
    expect(businessDate(start.getTime() - 1)).toBe('2021-05-31');
    expect(() => monthBounds('2020-13')).toThrow(RangeError);
  });

  it('local dates and clock times become instants, minutes past midnight running over', () => {
    expect(localInstant('2020-10-01')).toEqual(new Date('2020-09-30T17:00:00Z'));
    expect(localInstant('2020-05-22', '12:00')).toEqual(new Date('2020-05-22T05:00:00Z'));
    expect(localInstant('2020-05-22', '01:30:15')).toEqual(new Date('2020-05-21T18:30:15Z'));
    expect(fromWallClock(Date.UTC(2020, 4, 22) + 1450 * 60_000)).toBe(Date.parse('2020-05-22T17:10:00Z'));
    expect(() => localInstant('22/05/2020')).toThrow(RangeError);
  });

  it('formats dates and instants as Vietnamese documents write them', () => {
    expect(formatDate('2020-05-22')).toBe('22/05/2020');
    expect(formatDateTime('2020-05-21T18:30:00Z')).toBe('22/05/2020 01:30');
    expect(formatDateTime('2020-05-22T08:30:00+07:00')).toBe('22/05/2020 08:30');
    expect(formatTime('2020-05-21T23:59:00Z')).toBe('06:59');
    expect(localIso('2020-05-21T17:00:00Z')).toBe('2020-05-22T00:00:00');
    expect(localIsoWithOffset('2020-05-21T17:30:05Z')).toBe('2020-05-22T00:30:05+07:00');
    expect(wallClock('2020-05-21T18:30:00Z')).toEqual(new Date('2020-05-22T01:30:00Z'));
    expect(() => formatDateTime('not a time')).toThrow(RangeError);
  });

  it('takes the offset from the time zone database, not from a constant', () => {
    expect(offsetAt('2020-05-21T17:00:00Z')).toBe(7 * HOUR);
    // South Vietnam kept UTC+8 from 1960 until 13 June 1975; the day of the change is computed instant by instant
    expect(offsetAt('1975-01-01T00:00:00Z')).toBe(8 * HOUR);
    expect(offsetAt('1975-06-12T15:59:59Z')).toBe(8 * HOUR);
    expect(offsetAt('1975-06-12T16:00:00Z')).toBe(7 * HOUR);
    expect(localIsoWithOffset('1975-06-12T15:59:59Z')).toBe('1975-06-12T23:59:59+08:00');
  });

  it('counts calendar days', () => {
    expect(daysInMonth(2020, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(addDays('2020-02-28', 2)).toBe('2020-03-01');
    expect(addDays('2021-01-01', -1)).toBe('2020-12-31');
  });

  it("gives the same local date and time as DuckDB's ICU, which the warehouse's SQL uses", async () => {
    // the last second before and the first of every local month 2000–2100, and instants spread over the years
    const instants: number[] = [];
    for (let y = 2000; y <= 2100; y++) {
      for (let m = 1; m <= 12; m++) {
        const start = monthBounds(`${y}-${String(m).padStart(2, '0')}`).start.getTime();
        instants.push(start - 1000, start);
      }
    }
    for (let ms = Date.UTC(2000, 0, 1); ms < Date.UTC(2100, 0, 1); ms += 7_777_777_000) instants.push(ms);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      // generated numbers, not input: written into the statement as a list literal
      const rows = (await conn.runAndReadAll(
        `SELECT ms, strftime(to_timestamp(ms // 1000) AT TIME ZONE $zone, '%Y-%m-%dT%H:%M:%S') AS local
         FROM unnest([${instants.join(',')}]::BIGINT[]) AS t(ms) ORDER BY ms`,
        { zone: TIME_ZONE },
      )).getRowObjectsJS() as { ms: bigint; local: string }[];
      expect(rows).toHaveLength(instants.length);
      const differ = rows.filter((r) => r.local !== localIso(Number(r.ms)));
      expect(differ).toEqual([]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
