import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankByScore, round4, score } from './ranking.ts';
import { reportFixture, type ReportFixture } from './testing.ts';

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
      ['a', { rank: 2, score: 0.875 }], ['b', { rank: 1, score: 1 }], ['c', { rank: 2, score: 0.875 }],
      ['d', { rank: null, score: null }], ['e', { rank: 4, score: 0.6111 }],
    ]);
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
    const ranking = (await f.api(`/api/ranking?period=${period}&as_of=2021-01-01`)).body.districts as { code: string; rank: number | null; score: number | null }[];
    const areas = await Promise.all(ranking.map(async (d) => ({ code: d.code, ...(await f.api(`/api/rates?period=${period}&area=${d.code}&as_of=2021-01-01`)).body.area })));
    const ours = rankByScore(areas);
    for (const d of ranking) expect(ours.get(d.code), d.code).toEqual({ rank: d.rank, score: d.score });
    expect(ranking.some((d) => d.rank !== null)).toBe(true);
  });
});
