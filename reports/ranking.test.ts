import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FigureCache } from '../analytics/figure-cache.ts';
import { DEFAULT_FIGURE_OPTIONS, Figures } from '../analytics/figures.ts';
import { parsePeriod } from '../analytics/period.ts';
import { INCOMPLETE_RULES, type IncompleteRule, type Scorecard } from '../config.ts';
import { rankByScore, round4, score } from './ranking.ts';
import { reportFixture, type ReportFixture } from '../test/helpers/reports.ts';

describe('the ranking rule for peer groups the API does not rank', () => {
  it('scores by the mean of the rounded non-null rates, shares ranks on ties and leaves no-data unranked', () => {
    expect(round4(1 / 3)).toBe(0.3333);
    expect(score({ sent_electronic_rate: 1, signed_rate: 0.5, on_time_rate: null })).toBe(0.75);
    expect(score({ sent_electronic_rate: null, signed_rate: null, on_time_rate: null })).toBeNull();
    const r = rankByScore([
      { code: 'a', sent_electronic_rate: 0.875, signed_rate: 0.875, on_time_rate: null },
      { code: 'b', sent_electronic_rate: 1, signed_rate: 1, on_time_rate: null },
      { code: 'c', sent_electronic_rate: 0.87500001, signed_rate: 0.875, on_time_rate: null },
      { code: 'd', sent_electronic_rate: null, signed_rate: null, on_time_rate: null },
      { code: 'e', sent_electronic_rate: 0.5, signed_rate: 1, on_time_rate: 1 / 3 },
    ]);
    expect([...r.entries()]).toEqual([
      ['a', { rank: 2, score: 0.875, unranked_reason: null }], ['b', { rank: 1, score: 1, unranked_reason: null }], ['c', { rank: 2, score: 0.875, unranked_reason: null }],
      ['d', { rank: null, score: null, unranked_reason: 'no_data' }], ['e', { rank: 4, score: 0.6111, unranked_reason: null }],
    ]);
  });

  it('applies the rule for incomplete members: as computed, counted against, or unranked', () => {
    // b: 9 of 10 outgoing documents electronic and signed, 2 of 2 incoming on time, and 3
    // open quarantined rows: 2 outgoing, 1 incoming with a deadline
    const counts = { out_total: 10, out_electronic: 9, out_signed: 9, in_on_time: 2, in_late: 0 };
    const rows = [
      { code: 'a', ...counts, sent_electronic_rate: 0.8, signed_rate: 0.8, on_time_rate: 1, out_electronic: 8, out_signed: 8, quarantined_rows: 0, units_without_data: 0, quarantined_as_out: 0, quarantined_as_late: 0 },
      { code: 'b', ...counts, sent_electronic_rate: 0.9, signed_rate: 0.9, on_time_rate: 1, quarantined_rows: 3, units_without_data: 0, quarantined_as_out: 2, quarantined_as_late: 1 },
    ];
    // as computed: b (0.9, 0.9, 1 → 0.9333) before a (0.8, 0.8, 1 → 0.8667)
    expect(Object.fromEntries(rankByScore(rows, 'as_computed'))).toEqual({
      a: { rank: 2, score: 0.8667, unranked_reason: null }, b: { rank: 1, score: 0.9333, unranked_reason: null },
    });
    // counted against: b is 9 of 12 (0.75), 9 of 12, 2 of 3 on time (0.6667) → 0.7222, after a
    expect(Object.fromEntries(rankByScore(rows, 'count_against'))).toEqual({
      a: { rank: 1, score: 0.8667, unranked_reason: null }, b: { rank: 2, score: 0.7222, unranked_reason: null },
    });
    // unranked: b has no rank, a is first
    expect(Object.fromEntries(rankByScore(rows, 'unranked'))).toEqual({
      a: { rank: 1, score: 0.8667, unranked_reason: null }, b: { rank: null, score: 0.9333, unranked_reason: 'incomplete' },
    });
  });
});

describe('applied to the districts, it reproduces /api/ranking', () => {
  let f: ReportFixture;
  // districts 381 and 382 tie, 384 is perfect, 380 has an on-time rate; September differs
  const rows = [
    ...Array.from({ length: 7 }, (_, i) => `381,A${i},out,${i}/UBND,,,2020-10-05 08:0${i},normal,electronic,true,,`),
    '381,A7,out,7/UBND,,,2020-10-05 09:00,normal,paper,false,,',
    ...Array.from({ length: 7 }, (_, i) => `382,B${i},out,${i}/UBND,,,2020-10-07 08:0${i},normal,electronic,true,,`),
    '382,B7,out,7/UBND,,,2020-10-07 09:00,normal,paper,false,,',
    '384,D1,out,1/UBND,,,2020-10-08 08:00,normal,electronic,true,,',
    '380,K1,out,20/UBND,,,2020-10-01 08:00,normal,electronic,true,,',
    '380,K3,in,22/STC,,,2020-10-03 08:00,normal,electronic,,2020-10-05,2020-10-05 10:00',
    '380,K4,in,23/STC,,,2020-10-03 08:00,normal,electronic,,2020-10-05,2020-10-09 10:00',
    '14809,C1,out,1/UBND,,,2020-10-06 08:00,normal,paper,true,,',
    '382,B9,out,9/UBND,,,2020-09-15 09:00,normal,electronic,true,,',
    '385,E1,out,9/UBND,,,2020-09-15 09:00,normal,electronic,false,,',
  ];
  beforeAll(async () => {
    f = await reportFixture(rows);
  });
  afterAll(() => f.close());

  it.each(['2020-10', '2020-09', '2020-Q4', '2020'])('for %s', async (period) => {
    const ranking = (await f.api(`/api/ranking?period=${period}&as_of=2021-01-01`)).body.units as { code: string; rank: number | null; score: number | null; unranked_reason: string | null }[];
    const areas = await Promise.all(ranking.map(async (d) => ({ code: d.code, ...(await f.api(`/api/rates?period=${period}&area=${d.code}&as_of=2021-01-01`)).body.area })));
    const ours = rankByScore(areas, 'count_against');
    for (const d of ranking) expect(ours.get(d.code), d.code).toEqual({ rank: d.rank, score: d.score, unranked_reason: d.unranked_reason });
    expect(ranking.some((d) => d.rank !== null)).toBe(true);
  });
});

describe('a district with open quarantined rows, under each rule', () => {
  // (hand-computed below) In October 2020 every unit of 381, 382 and 384 has documents:
  //   381: its People's Committee 7 of 8 outgoing electronic and signed, its 7 communes 1 of 1:
  //        14 of 15 → 0.9333
  //   382: its People's Committee 7 of 8, its 11 communes 1 of 1: 18 of 19 → 0.9474; and 3
  //        open quarantined rows: 2 outgoing (an unknown channel, an unknown signed value),
  //        1 incoming with a deadline (an unreadable completion time)
  //   384: its People's Committee and its 8 communes 1 of 1: 9 of 9 → 1
  // and a broken row of a unit not in the registry, which only the province counts.
  let f: ReportFixture;
  const AS_OF = '2021-01-01';
  const rankingUnder = async (rule: IncompleteRule) => {
    const figures = new Figures(f.w.db, new FigureCache(), { ...DEFAULT_FIGURE_OPTIONS, incompleteRule: rule });
    return figures.ranking(parsePeriod('2020-10'), AS_OF);
  };

  beforeAll(async () => {
    f = await reportFixture([]);
    const units = await f.figures.units();
    const communes = (d: string) => units.filter((u) => u.level === 'commune' && u.district_code === d).map((u) => u.code);
    expect([communes('381').length, communes('382').length, communes('384').length]).toEqual([7, 11, 8]);
    const good = (unit: string, id: string, day: number) => `${unit},${id},out,${id}/UBND,,,2020-10-${String(day).padStart(2, '0')} 08:00,normal,electronic,true,,`;
    await f.loadMore('october.csv', [
      ...Array.from({ length: 7 }, (_, i) => good('381', `A${i}`, 5)), '381,A7,out,7/UBND,,,2020-10-05 09:00,normal,paper,false,,',
      ...Array.from({ length: 7 }, (_, i) => good('382', `B${i}`, 7)), '382,B7,out,7/UBND,,,2020-10-07 09:00,normal,paper,false,,',
      good('384', 'D1', 8),
      ...['381', '382', '384'].flatMap((d) => communes(d).map((c, i) => good(c, `C${c}`, 10 + (i % 10)))),
    ]);
    const c382 = communes('382')[0]!;
    await f.loadMore('broken.csv', [
      '382,Q1,out,1/UBND,,,2020-10-20 08:00,normal,fax,true,,',
      '382,Q2,Đi,2/UBND,,,2020-10-21 08:00,normal,electronic,maybe,,',
      `${c382},Q3,in,3/UBND,,,2020-10-22 08:00,normal,electronic,,2020-10-25,not a time`,
      '99999,Q4,out,4/UBND,,,2020-10-23 08:00,normal,electronic,true,,',
    ]);
  });
  afterAll(() => f.close());

  const pick = (rows: Awaited<ReturnType<typeof rankingUnder>>) =>
    Object.fromEntries(rows.filter((r) => ['381', '382', '384'].includes(r.code)).map((r) => [r.code, {
      rank: r.rank, score: r.score, unranked_reason: r.unranked_reason, out_total: r.out_total, in_late: r.in_late,
      sent_electronic_rate: r.sent_electronic_rate, on_time_rate: r.on_time_rate, complete: r.complete, quarantined_rows: r.quarantined_rows,
    }]));

  it('as computed: the figures as they are (382 second)', async () => {
    expect(pick(await rankingUnder('as_computed'))).toEqual({
      381: { rank: 3, score: 0.9333, unranked_reason: null, out_total: 15, in_late: 0, sent_electronic_rate: 0.9333, on_time_rate: null, complete: true, quarantined_rows: 0 },
      382: { rank: 2, score: 0.9474, unranked_reason: null, out_total: 19, in_late: 0, sent_electronic_rate: 0.9474, on_time_rate: null, complete: false, quarantined_rows: 3 },
      384: { rank: 1, score: 1, unranked_reason: null, out_total: 9, in_late: 0, sent_electronic_rate: 1, on_time_rate: null, complete: true, quarantined_rows: 0 },
    });
  });

  it('counted against (the default): 382 is 18 of 21 (0.8571) and 0 of 1 on time → (0.8571 + 0.8571 + 0) / 3 = 0.5714, third', async () => {
    expect(pick(await rankingUnder('count_against'))).toEqual({
      381: { rank: 2, score: 0.9333, unranked_reason: null, out_total: 15, in_late: 0, sent_electronic_rate: 0.9333, on_time_rate: null, complete: true, quarantined_rows: 0 },
      382: { rank: 3, score: 0.5714, unranked_reason: null, out_total: 21, in_late: 1, sent_electronic_rate: 0.8571, on_time_rate: 0, complete: false, quarantined_rows: 3 },
      384: { rank: 1, score: 1, unranked_reason: null, out_total: 9, in_late: 0, sent_electronic_rate: 1, on_time_rate: null, complete: true, quarantined_rows: 0 },
    });
    // the API serves the configured rule, the default
    const api = (await f.api(`/api/ranking?period=2020-10&as_of=${AS_OF}`)).body;
    expect(api.incomplete_rule).toBe('count_against');
    expect(api.units.slice(0, 3).map((d: { code: string }) => d.code)).toEqual(['384', '381', '382']);
    expect(api.units.find((d: { code: string }) => d.code === '382')).toMatchObject({ quarantined_rows: 3, units_without_data: 0, complete: false, quarantined_as_out: 2, quarantined_as_late: 1 });
  });

  it('unranked: 382 has no rank, with the reason; the others are ranked among themselves', async () => {
    const rows = await rankingUnder('unranked');
    expect(pick(rows)).toEqual({
      381: { rank: 2, score: 0.9333, unranked_reason: null, out_total: 15, in_late: 0, sent_electronic_rate: 0.9333, on_time_rate: null, complete: true, quarantined_rows: 0 },
      382: { rank: null, score: 0.9474, unranked_reason: 'incomplete', out_total: 19, in_late: 0, sent_electronic_rate: 0.9474, on_time_rate: null, complete: false, quarantined_rows: 3 },
      384: { rank: 1, score: 1, unranked_reason: null, out_total: 9, in_late: 0, sent_electronic_rate: 1, on_time_rate: null, complete: true, quarantined_rows: 0 },
    });
    // listed after the ranked, before the districts without data
    expect(rows.slice(0, 3).map((r) => r.code)).toEqual(['384', '381', '382']);
    expect(rows.slice(3).every((r) => r.unranked_reason === 'no_data')).toBe(true);
  });

  it.each(INCOMPLETE_RULES)('the reports\' rule agrees with the API under %s', async (rule) => {
    const ranking = await rankingUnder(rule);
    const areas = await Promise.all(ranking.map(async (d) => ({ code: d.code, ...(await f.api(`/api/rates?period=2020-10&area=${d.code}&as_of=${AS_OF}`)).body.area })));
    const ours = rankByScore(areas, rule);
    for (const d of ranking) expect(ours.get(d.code), `${rule} ${d.code}`).toEqual({ rank: d.rank, score: d.score, unranked_reason: d.unranked_reason });
  });

  it('counts the row of an unknown unit at the province only, and says so', async () => {
    const province = (await f.api(`/api/rates?period=2020-10&area=38&as_of=${AS_OF}`)).body.area;
    const levels = await Promise.all(['province', 'district', 'commune'].map(async (l) => (await f.api(`/api/rates?period=2020-10&area=${l}&as_of=${AS_OF}`)).body.area));
    expect(province).toMatchObject({ quarantined_rows: 4, quarantined_rows_unknown_unit: 1, complete: false });
    expect(levels.map((l) => l.quarantined_rows)).toEqual([0, 2, 1]);
    expect(levels.map((l) => l.quarantined_rows_unknown_unit)).toEqual([0, 0, 0]);
  });
});

describe('an incoming row quarantined for its channel counts against the received rate (issue 16)', () => {
  // (hand-computed) District 386's People's Committee received 4 documents in October 2020,
  // 3 electronically and 1 on paper: 3 of 4 = 0.75. A 5th receipt's channel is garbled
  // ("fax"), so it is quarantined: left out, it would keep 0.75 whatever it was. Under
  // count_against it is one more incoming document not received electronically: 3 of 5 = 0.6.
  // It has a completion time (the 4 documents have none: nothing completed, a null processed
  // rate); under count_against it is also one completed document not processed
  // electronically: 0 of 1 = 0.
  let f: ReportFixture;
  const AS_OF = '2021-01-01';
  // a scorecard that scores the received rate alone: the score is that rate
  const RECEIVED_ONLY: Scorecard = { indicators: [{ rate: 'received_electronic_rate', weight: 1, target: 1, bonus: 0 }], penalties: [] };
  const under = (rule: IncompleteRule) => new Figures(f.w.db, new FigureCache(), { ...DEFAULT_FIGURE_OPTIONS, incompleteRule: rule, scorecard: RECEIVED_ONLY });

  beforeAll(async () => {
    f = await reportFixture([
      '386,R1,in,1/STC,,,2020-10-05 08:00,normal,electronic,,,',
      '386,R2,in,2/STC,,,2020-10-06 08:00,normal,electronic,,,',
      '386,R3,in,3/STC,,,2020-10-07 08:00,normal,both,,,',
      '386,R4,in,4/STC,,,2020-10-08 08:00,normal,paper,,,',
    ]);
    await f.loadMore('broken.csv', ['386,R5,in,5/STC,,,2020-10-09 08:00,normal,fax,,,2020-10-12 08:00']);
  });
  afterAll(() => f.close());

  it('the unit\'s figures as computed say what count_against adds', async () => {
    const unit = (await f.api(`/api/rates?period=2020-10&unit=386&as_of=${AS_OF}`)).body.units[0];
    expect(unit).toMatchObject({
      in_total: 4, in_electronic: 3, received_electronic_rate: 0.75,
      in_completed: 0, in_completed_unrecorded: 0, processed_electronic_rate: null,
      quarantined_rows: 1, quarantined_as_in: 1, quarantined_as_completed: 1, quarantined_as_out: 0, quarantined_as_late: 0, complete: false,
    });
    const area = (await f.api(`/api/rates?period=2020-10&area=386&as_of=${AS_OF}`)).body.area;
    expect(area).toMatchObject({ in_total: 4, in_electronic: 3, received_electronic_rate: 0.75, quarantined_as_in: 1 });
  });

  it('ranked under count_against: 3 of 5 = 0.6; under the other rules 3 of 4 = 0.75', async () => {
    const row = async (rule: IncompleteRule) => (await under(rule).ranking(parsePeriod('2020-10'), AS_OF)).find((r) => r.code === '386')!;
    expect(await row('count_against')).toMatchObject({
      in_total: 5, in_electronic: 3, received_electronic_rate: 0.6, score: 0.6, rank: 1, quarantined_as_in: 1,
      in_completed: 1, in_processed_electronic: 0, processed_electronic_rate: 0, quarantined_as_completed: 1,
    });
    expect(await row('as_computed')).toMatchObject({
      in_total: 4, in_electronic: 3, received_electronic_rate: 0.75, score: 0.75, rank: 1, quarantined_as_in: 1, in_completed: 0, processed_electronic_rate: null,
    });
    expect(await row('unranked')).toMatchObject({ in_total: 4, received_electronic_rate: 0.75, score: 0.75, rank: null, unranked_reason: 'incomplete' });
  });

  it('the reports\' rule and the inspectors\' priority score agree', async () => {
    const areas = [{ code: '386', ...(await f.api(`/api/rates?period=2020-10&area=386&as_of=${AS_OF}`)).body.area }];
    expect(rankByScore(areas, 'count_against', RECEIVED_ONLY).get('386')).toEqual({ rank: 1, score: 0.6, unranked_reason: null });
    expect(rankByScore(areas, 'as_computed', RECEIVED_ONLY).get('386')).toEqual({ rank: 1, score: 0.75, unranked_reason: null });
    // scoring the processed rate too: counted against, (0.6 + 0) / 2 = 0.3; as computed the
    // processed rate has nothing to count (null, left out): 0.75. The API agrees.
    const both: Scorecard = { indicators: [...RECEIVED_ONLY.indicators, { rate: 'processed_electronic_rate', weight: 1, target: 1, bonus: 0 }], penalties: [] };
    expect(rankByScore(areas, 'count_against', both).get('386')).toEqual({ rank: 1, score: 0.3, unranked_reason: null });
    expect(rankByScore(areas, 'as_computed', both).get('386')).toEqual({ rank: 1, score: 0.75, unranked_reason: null });
    const apiScore = async (rule: IncompleteRule) =>
      (await new Figures(f.w.db, new FigureCache(), { ...DEFAULT_FIGURE_OPTIONS, incompleteRule: rule, scorecard: both }).ranking(parsePeriod('2020-10'), AS_OF)).find((r) => r.code === '386')!.score;
    expect([await apiScore('count_against'), await apiScore('as_computed')]).toEqual([0.3, 0.75]);
    // without the received counts the oracle cannot count the row against the unit
    const { in_total: _t, ...withoutCounts } = areas[0]!;
    expect(() => rankByScore([withoutCounts], 'count_against', RECEIVED_ONLY)).toThrow(/received counts/);
    const scope = { period: parsePeriod('2020-10'), asOf: AS_OF, includeBaseline: false };
    const threshold = { scoreBelow: 0.5, documentsFrom: 100 };
    expect((await under('count_against').priority(scope, ['386'], threshold))[0]).toMatchObject({ code: '386', score: 0.6, quarantined_as_in: 1 });
    expect((await under('as_computed').priority(scope, ['386'], threshold))[0]).toMatchObject({ code: '386', score: 0.75 });
  });
});
