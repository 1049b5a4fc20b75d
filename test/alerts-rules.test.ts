// What single rules find, on hand-written documents whose figures are worked out by hand
// here: rate_below over N consecutive days with documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { evaluateRule, type AlertRule } from '../alerts/rules.ts';
import { alertRuleSchema } from '../config.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

let w: TestWarehouse;
let figures: Figures;

/** `signed` of `total` outgoing electronic documents of `unit` on `day`. */
const day = (unit: string, date: string, total: number, signed: number) =>
  Array.from({ length: total }, (_, i) => `${unit},${unit}-${date}-${i},out,${i}/UBND-${date},Công văn,${date},${date} 08:00,normal,electronic,${i < signed},,`);

beforeAll(async () => {
  w = await testWarehouse();
  // Thanh Hóa city (380), October 2020; 10 and 11 October are a weekend without documents
  //   05 (Mon) 1/4 signed = 25 %   06 2/4 = 50 %   07 2/2 = 100 %   08 3/4 = 75 %
  //   09 (Fri) 1/2 = 50 %          12 (Mon) 0/5 = 0 %
  // Bỉm Sơn (381): 09 1/2 = 50 %, 12 0/1 = 0 % (two days with a rate only)
  const rows = [
    ...day('380', '2020-10-05', 4, 1), ...day('380', '2020-10-06', 4, 2), ...day('380', '2020-10-07', 2, 2),
    ...day('380', '2020-10-08', 4, 3), ...day('380', '2020-10-09', 2, 1), ...day('380', '2020-10-12', 5, 0),
    ...day('381', '2020-10-09', 2, 1), ...day('381', '2020-10-12', 1, 0),
  ];
  await w.load([w.file('oct.csv', `${CANONICAL_HEADER}\n${rows.join('\n')}\n`)]);
  await buildModels(w.db);
  figures = new Figures(w.db, new FigureCache());
}, 60_000);

afterAll(() => w?.close());

const evaluate = (rule: AlertRule, asOf: string) =>
  evaluateRule(rule, { db: w.db, figures, settings: w.config.settings, sources: [], asOf, now: new Date(`${asOf}T05:00:00Z`) });

describe('rate_below for N consecutive days', () => {
  const rule: Extract<AlertRule, { kind: 'rate_below' }> = { enabled: true, id: 'signed-3-days', kind: 'rate_below', name: 'Ký số dưới 90 % ba ngày liền', metric: 'signed_rate', threshold: 0.9, level: 'district', days: 3 };

  it('is validated: whole days from 1 to 31', () => {
    for (const days of [0, 32, 1.5, '3']) {
      expect(alertRuleSchema.safeParse({ ...rule, days }).success, String(days)).toBe(false);
    }
    expect(alertRuleSchema.safeParse({ ...rule, days: 1 }).success).toBe(true);
    expect(alertRuleSchema.safeParse({ ...rule, days: 31 }).success).toBe(true);
  });

  it('fires when each of the last three days with documents is below, across a weekend', async () => {
    // as of Monday 12: the window is 7–12 October; 380's days with a rate 07 (100 %), 08, 09, 12:
    // the last three, 08 (75 %), 09 (50 %), 12 (0 %), are all below 90 %
    const r = await evaluate(rule, '2020-10-12');
    expect(r.findings).toEqual([{
      subject: '380', unit_code: '380', period: '2020-10', value: 0,
      message: 'Thành phố Thanh Hóa: tỉ lệ văn bản đi được ký số dưới ngưỡng 90,0\u00a0% trong 3 ngày có văn bản liên tiếp (08/10/2020: 75,0\u00a0%; 09/10/2020: 50,0\u00a0%; 12/10/2020: 0,0\u00a0%).',
    }]);
    // 381 has two days with a rate in the window: not judged, neither raised nor cleared
    expect(r.judged('380')).toBe(true);
    expect(r.judged('381')).toBe(false);
  });

  it('does not fire when one of the last three days is not below', async () => {
    // as of Friday 9: the last three days 07 (100 %), 08 (75 %), 09 (50 %)
    const r = await evaluate(rule, '2020-10-09');
    expect(r.findings).toEqual([]);
    expect(r.judged('380')).toBe(true);
    expect(r.cleared('380')).toBe('Thành phố Thanh Hóa: tỉ lệ văn bản đi được ký số không còn dưới ngưỡng 90,0\u00a0% trong 3 ngày có văn bản liên tiếp (07/10/2020: 100,0\u00a0%; 08/10/2020: 75,0\u00a0%; 09/10/2020: 50,0\u00a0%).');
  });

  it('judges no unit with fewer days with a rate than N in the last 2·N days', async () => {
    // as of 6 October: only 05 and 06 have documents (25 %, 50 %); as of 16 October the
    // window 11–16 holds only the 12th: old days below the threshold no longer count
    for (const asOf of ['2020-10-06', '2020-10-16']) {
      const r = await evaluate(rule, asOf);
      expect(r.findings, asOf).toEqual([]);
      expect(r.judged('380'), asOf).toBe(false);
    }
  });

  it('with one day: the last day with documents', async () => {
    const one = { ...rule, days: 1 };
    // as of Sunday 11 (window 10–11, no documents): nothing judged; as of Monday 12: 380 (0 %) and 381 (0 %)
    expect((await evaluate(one, '2020-10-11')).judged('380')).toBe(false);
    expect((await evaluate(one, '2020-10-12')).findings.map((f) => [f.subject, f.value])).toEqual([['380', 0], ['381', 0]]);
  });

  it('the month-so-far form is unchanged: 380 signed 9 of 21 documents to the 12th, 42,9 %', async () => {
    const { days: _days, ...monthly } = rule;
    const r = await evaluate(monthly, '2020-10-12');
    // 381: 1 of 3, 33,3 %
    expect(r.findings.map((f) => [f.subject, Math.round(f.value! * 1000) / 1000])).toEqual([['380', 0.429], ['381', 0.333]]);
  });
});
