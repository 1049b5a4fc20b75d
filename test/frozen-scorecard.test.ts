// A period's figures frozen keep the scorecard they were frozen with: ranks and scores, the
// comparison with the live figures, a restatement and the definitions sheet all use it, while
// a period not frozen is ranked with the scorecard configured now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { parsePeriod } from '../analytics/period.ts';
import { DEFAULT_SCORECARD, type Scorecard, type Settings } from '../config.ts';
import { freezeMonthly, monthlyReport, restateMonthly } from '../reports/monthly-report.ts';
import { SHEET_NAMES, writeMonthlyXlsx } from '../reports/monthly-xlsx.ts';
import type { ReportDeps } from '../reports/deps.ts';
import { AS_OF, readWorkbook, reportFixture, type ReportFixture } from './helpers/reports.ts';
import { PassThrough } from 'node:stream';

// only the signed rate, and 0.05 off per document not sent electronically
const OTHER: Scorecard = { indicators: [{ rate: 'signed_rate', weight: 1, target: 1, bonus: 0 }], penalties: [{ kind: 'not_electronic', points: 0.05 }] };

let f: ReportFixture;
beforeAll(async () => {
  f = await reportFixture();
});
afterAll(() => f.close());

const depsWith = (scorecard: Scorecard): ReportDeps => {
  const settings: Settings = { ...f.deps.settings, ranking: { ...f.deps.settings.ranking, scorecard } };
  return { ...f.deps, settings, figures: new Figures(f.w.db, new FigureCache(), { incompleteRule: f.figures.options.incompleteRule, scorecard }) };
};

async function definitionsOf(deps: ReportDeps, period: string): Promise<string> {
  const report = await monthlyReport(deps, { period: parsePeriod(period), asOf: period === '2020-10' ? undefined : AS_OF });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeMonthlyXlsx(report, deps.settings, out);
  const ws = (await readWorkbook(Buffer.concat(chunks))).getWorksheet(SHEET_NAMES.definitions)!;
  let text = '';
  ws.eachRow((row) => { text += `${row.values}\n`; });
  return text;
}

describe('the scorecard of a frozen period', () => {
  it('is recorded with the version, and the frozen ranks stay when the scorecard changes', async () => {
    const mean = f.deps;
    const frozen = await freezeMonthly(mean, parsePeriod('2020-10'), AS_OF, 'api');
    expect(frozen.version.scorecard).toEqual(DEFAULT_SCORECARD);
    const before = await monthlyReport(mean, { period: parsePeriod('2020-10') });
    const p01 = before.main.rows.find((r) => r.code === 'P01')!;
    // P01 in October: 3 of 4 sent electronically, 1 of 4 signed, 1 of 2 on time: (0.75 + 0.25 + 0.5) / 3
    expect([p01.period.sent_electronic_rate, p01.period.signed_rate, p01.period.on_time_rate]).toEqual([0.75, 0.25, 0.5]);
    expect(p01.score).toBe(0.5);

    const other = depsWith(OTHER);
    const after = await monthlyReport(other, { period: parsePeriod('2020-10') });
    expect(after.main.status).toBe('frozen');
    expect(after.main.rows).toEqual(before.main.rows);
    expect(after.versions[0]!.scorecard).toEqual(DEFAULT_SCORECARD);
    // the live figures, recomputed with the frozen scorecard, do not differ: nothing to restate
    expect(after.live_differs).toBe(false);
    expect((await restateMonthly(other, parsePeriod('2020-10'), 'api')).created).toBe(false);
    // the definitions sheet says the score of the frozen figures, not the one configured now
    const defs = await definitionsOf(other, '2020-10');
    expect(defs).toContain('Điểm = trung bình cộng các tỷ lệ có số liệu trong các tỷ lệ: tỷ lệ gửi điện tử, tỷ lệ ký số, tỷ lệ xử lý đúng hạn');
    expect(defs).not.toContain('trừ 5 điểm phần trăm');
  });

  it('a period not frozen is ranked with the scorecard configured now, by hand', async () => {
    const other = depsWith(OTHER);
    const report = await monthlyReport(other, { period: parsePeriod('2020-09'), asOf: AS_OF });
    expect(report.main.status).toBe('provisional');
    // P01 in September: 1 of 2 signed, 1 of 2 not sent electronically: 0.5 − 0.05
    expect(report.main.rows.find((r) => r.code === 'P01')!.score).toBe(0.45);
    // P02: 1 of 1 signed and electronic → 1
    expect(report.main.rows.find((r) => r.code === 'P02')!.score).toBe(1);
    const defs = await definitionsOf(other, '2020-09');
    expect(defs).toContain('Điểm = trung bình cộng các tỷ lệ có số liệu trong các tỷ lệ: tỷ lệ ký số; trừ 5 điểm phần trăm cho mỗi văn bản đi không gửi điện tử');
  });

  it('a restatement ranks with the scorecard of the period, and records it', async () => {
    await f.loadMore('late.csv', ['P01,L1,out,20/VP,Công văn,2020-10-20,2020-10-20 08:00,normal,paper,false,,']);
    const other = depsWith(OTHER);
    const restated = await restateMonthly(other, parsePeriod('2020-10'), 'api');
    expect(restated.created).toBe(true);
    expect(restated.version.scorecard).toEqual(DEFAULT_SCORECARD);
    const v2 = await monthlyReport(other, { period: parsePeriod('2020-10'), version: 2 });
    // P01 now 3 of 5 electronic, 1 of 5 signed, 1 of 2 on time: mean (0.6 + 0.2 + 0.5) / 3 = 0.4333
    expect(v2.main.rows.find((r) => r.code === 'P01')!.score).toBe(0.4333);
  });
});

describe('a frozen scorecard with the directive\'s indicators', () => {
  // the received and processed rates, a bonus of 10 points for receiving everything
  // electronically, 1 point off per paper document sent to the Provincial Office
  const DIRECTIVE: Scorecard = {
    indicators: [{ rate: 'received_electronic_rate', weight: 1, target: 1, bonus: 0.1 }, { rate: 'processed_electronic_rate', weight: 1, target: 1, bonus: 0 }],
    penalties: [{ kind: 'paper_to_office', points: 0.01 }],
  };
  let g: ReportFixture;
  beforeAll(async () => {
    g = await reportFixture();
  });
  afterAll(() => g.close());
  const depsOf = (scorecard: Scorecard): ReportDeps => {
    const settings: Settings = { ...g.deps.settings, ranking: { ...g.deps.settings.ranking, scorecard } };
    return { ...g.deps, settings, figures: new Figures(g.w.db, new FigureCache(), { incompleteRule: g.figures.options.incompleteRule, scorecard }) };
  };

  it('is recorded, ranks by hand, and stays when the configured scorecard goes back to the default', async () => {
    const frozen = await freezeMonthly(depsOf(DIRECTIVE), parsePeriod('2020-10'), AS_OF, 'api');
    expect(frozen.version.scorecard).toEqual(DIRECTIVE);
    const now = await monthlyReport(depsOf(DEFAULT_SCORECARD), { period: parsePeriod('2020-10') });
    expect(now.versions[0]!.scorecard).toEqual(DIRECTIVE);
    const p01 = now.main.rows.find((r) => r.code === 'P01')!;
    // P01 in October: O4 and O5 received electronically (2 of 2: 1, bonus 0.1); both completed, and
    // the fixture's export has no processed column: rate null, scored 0 → (1 + 0) / 2 + 0.1 = 0.6
    expect([p01.period.received_electronic_rate, p01.period.processed_electronic_rate, p01.period.in_completed_unrecorded]).toEqual([1, null, 2]);
    expect(p01.score).toBe(0.6);
    // P02 received nothing: no rate of the scorecard, no score
    expect(now.main.rows.find((r) => r.code === 'P02')!).toMatchObject({ score: null, rank: null });
    expect(now.live_differs).toBe(false);
    const defs = await definitionsOf(depsOf(DEFAULT_SCORECARD), '2020-10');
    expect(defs).toContain('Điểm = trung bình cộng các tỷ lệ có số liệu trong các tỷ lệ: tỷ lệ nhận điện tử, tỷ lệ xử lý trên môi trường mạng; cộng 10 điểm phần trăm khi tỷ lệ nhận điện tử đạt 100%; trừ 1 điểm phần trăm cho mỗi văn bản giấy gửi Văn phòng UBND tỉnh sau mốc áp dụng; khi tính điểm, văn bản đến đã xử lý xong mà sổ văn bản không ghi nhận hình thức xử lý được tính là không xử lý trên môi trường mạng');
  });
});
