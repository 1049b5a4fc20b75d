import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROVINCE_AREA } from '../analytics/figures.ts';
import { parsePeriod, rangePeriod } from '../analytics/period.ts';
import { ratesOfAreas } from './area-figures.ts';
import { AS_OF, reportFixture, type ReportFixture } from '../test/helpers/reports.ts';

let f: ReportFixture;
beforeAll(async () => {
  f = await reportFixture();
});
afterAll(() => f.close());

it('gives every area exactly the figures of Figures.ratesOfArea (/api/rates?area=)', async () => {
  const districts = (await f.figures.units()).filter((u) => u.level === 'district').map((u) => u.code);
  const areas = [PROVINCE_AREA, 'province', 'district', 'commune', ...districts];
  const scopes = [
    { period: parsePeriod('2020-10'), asOf: AS_OF, includeBaseline: false },
    { period: rangePeriod('2020-01-01', '2020-10-31'), asOf: '2020-10-15', includeBaseline: false },
    { period: parsePeriod('2020'), asOf: '2021-01-01', includeBaseline: true },
  ];
  for (const scope of scopes) {
    const grouped = await ratesOfAreas(f.figures, scope, areas);
    expect([...grouped.keys()]).toEqual(areas);
    for (const a of areas) expect(grouped.get(a), `${scope.period.label} ${a}`).toEqual(await f.figures.ratesOfArea(scope, a));
  }
  expect(await ratesOfAreas(f.figures, scopes[0]!, [])).toEqual(new Map());
});
