// The indicators Directive 15 adds to the sent rate: received and processed electronically,
// paper sent to the Provincial Office, and the cross-check of self-reports. Exports built by
// hand (one with the new Vietnamese columns, one old export without them), every expected
// number worked out by hand below. Period June 2020, as of 30/6/2020: the provincial bodies
// are in their required phase (milestone 22/5/2020), the districts not yet (1/7/2020).
import { DEFAULT_SCORECARD, type Scorecard } from '../config.ts';
import { parsePeriod } from '../analytics/period.ts';
import { rankByScore } from '../reports/ranking.ts';
import { streamViolations, type Violation } from '../reports/inspection-data.ts';
import { INSPECTION_SHEETS, WORK_COLUMNS, WORK_HEADER_ROW, writeInspectionXlsx } from '../reports/inspection-xlsx.ts';
import { readWorkbook } from './helpers/reports.ts';
import { PassThrough } from 'node:stream';
import { quietLog } from './helpers/logs.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { createApp } from '../app.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

const NEW = 'Mã đơn vị;Mã văn bản;Loại sổ;Thời gian gửi/nhận;Độ mật;Hình thức;Ký số;Hạn xử lý;Ngày hoàn thành;Nơi gửi;Xử lý trên môi trường mạng';
const withColumns = [
  // the Provincial Office P01
  'P01;I1;Đến;03/06/2020 08:00;Thường;Giấy;;;05/06/2020 10:00;P05;Có', // paper from P05 after its milestone: P05's violation; processed yes
  'P01;I2;Đến;03/06/2020 09:00;Thường;Điện tử;;;04/06/2020 10:00;P05;Có', // electronic
  'P01;I3;Đến;04/06/2020 08:00;Mật;Giấy;;;05/06/2020 10:00;P16;Không', // secret: in nothing
  'P01;I4;Đến;04/06/2020 09:00;Thường;Điện tử và giấy;;;06/06/2020 10:00;P16;Không', // both: received electronically; not a violation; processed no
  'P01;I5;Đến;05/06/2020 08:00;Thường;Giấy;;;;Bộ Tài chính;', // paper from outside the registry; open
  'P01;I6;Đến;05/06/2020 09:00;Thường;Giấy;;;08/06/2020 10:00;;', // no sender; completed with the cell empty: not processed electronically
  'P01;I7;Đến;20/05/2020 08:00;Thường;Giấy;;;21/05/2020 10:00;P05;Có', // paper from P05 BEFORE its milestone: not a violation (and baseline)
  'P01;I8;Đến;10/06/2020 08:00;Thường;Giấy;;;;sở tài chính;', // P05 by its name, any case: a violation; open
  'P01;I9;Đến;29/06/2020 08:00;Thường;Điện tử;;;01/07/2020 10:00;P05;Có', // completed after as_of: not completed yet
  // P05 claims 100 % sent electronically in June
  'P05;O1;Đi;02/06/2020 08:00;Thường;Điện tử;Có;;;;',
  'P05;O2;Đi;03/06/2020 08:00;Thường;Điện tử;Có;;;;',
  // P16 sends half on paper, and says so
  'P16;Q1;Đi;02/06/2020 08:00;Thường;Điện tử;Có;;;;',
  'P16;Q2;Đi;03/06/2020 08:00;Thường;Giấy;Không;;;;',
  // district 380 (baseline in June) logs paper from P05 and P02: in the senders' phase
  '380;X1;Đến;15/06/2020 08:00;Thường;Giấy;;;;P05;',
  '380;X2;Đến;16/06/2020 08:00;Thường;Giấy;;;;p02;',
];
// an old export of P02: no sender, no processed column
const OLD = 'unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time';
const withoutColumns = [
  'P02,Z1,in,,,,2020-06-10 08:00,normal,electronic,,,2020-06-11 08:00',
  'P02,Z2,in,,,,2020-06-11 08:00,normal,paper,,,2020-06-12 08:00',
];

let w: TestWarehouse;
const api = async (path: string) => {
  const figures = new Figures(w.db, new FigureCache(), { incompleteRule: 'count_against', scorecard: DEFAULT_SCORECARD, provincialOffice: 'P01' });
  const app = createApp({ version: 't', ctx: w, settings: w.config.settings, sources: [], runSource: async () => [], access: null, figures, now: () => new Date('2021-01-01T00:00:00Z'), log: quietLog });
  const res = await app.request(path);
  return { status: res.status, body: await res.json() as any };
};
const JUNE = 'period=2020-06&as_of=2020-06-30';

beforeAll(async () => {
  w = await testWarehouse();
  expect(await w.load([w.file('so-den.csv', `${NEW}\n${withColumns.join('\n')}\n`)])).toMatchObject({ quarantined: 0, loaded: withColumns.length });
  expect(await w.load([w.file('old.csv', `${OLD}\n${withoutColumns.join('\n')}\n`)])).toMatchObject({ quarantined: 0, loaded: 2 });
  await buildModels(w.db);
});
afterAll(() => w.close());

describe('received_electronic_rate and processed_electronic_rate', () => {
  it('per unit: secret left out, both counts as electronic, a completion after as_of is not one yet', async () => {
    const { body } = await api(`/api/rates?${JUNE}&unit=P01`);
    // incoming non-secret in June: I1 I2 I4 I5 I6 I8 I9 = 7 (I3 secret, I7 baseline); electronic: I2 I4 I9 = 3
    // completed by 30/6 and recorded: I1 (yes) I2 (yes) I4 (no) I6 (empty cell: no) = 4, of them 2 electronically
    expect(body.units[0]).toMatchObject({
      code: 'P01', in_total: 7, in_electronic: 3, received_electronic_rate: 3 / 7,
      in_completed: 4, in_processed_electronic: 2, in_completed_unrecorded: 0, processed_electronic_rate: 0.5,
    });
  });

  it('an old export without the column: processed rate null (not 0), its completed documents counted as not recorded', async () => {
    const { body } = await api(`/api/rates?${JUNE}&unit=P02`);
    expect(body.units[0]).toMatchObject({
      code: 'P02', in_total: 2, in_electronic: 1, received_electronic_rate: 0.5,
      in_completed: 0, in_processed_electronic: 0, in_completed_unrecorded: 2, processed_electronic_rate: null,
    });
  });

  it('pools an area: the provincial level and the province', async () => {
    for (const area of ['province', '38']) {
      const { body } = await api(`/api/rates?${JUNE}&area=${area}`);
      // P01 7/3 and 4/2; P02 2/1 and 0/0 with 2 not recorded; districts in baseline: not counted
      expect(body.area, area).toMatchObject({ in_total: 9, in_electronic: 4, received_electronic_rate: 4 / 9, in_completed: 4, in_processed_electronic: 2, in_completed_unrecorded: 2, processed_electronic_rate: 0.5 });
    }
  });

  it('serves them month by month in the trend, null where nothing counts', async () => {
    const { body } = await api('/api/trend?area=province&from=2020-05&to=2020-07&as_of=2020-07-31');
    const [may, june, july] = body.months;
    // May: only I7, before P01's milestone (baseline): nothing in the required phase
    expect(may).toMatchObject({ month: '2020-05', in_total: 0, received_electronic_rate: null, in_completed: 0, processed_electronic_rate: null });
    // as of 31/7 I9 (received in June) is completed too: processed 3 of 5
    expect(june).toMatchObject({ month: '2020-06', in_total: 9, in_electronic: 4, in_completed: 5, in_processed_electronic: 3, processed_electronic_rate: 0.6, in_completed_unrecorded: 2 });
    expect(july).toMatchObject({ month: '2020-07', in_total: 0, received_electronic_rate: null });
  });
});

describe('paper_sent_to_office', () => {
  it('lists the paper the office logged from a provincial body after its milestone as that body\'s violations, drillable to the document at the office', async () => {
    const { body } = await api(`/api/violations?${JUNE}&unit=P05&reason=paper_to_office`);
    expect(body.total).toBe(2);
    expect(body.rows.map((r: any) => [r.unit_code, r.doc_id, r.sender, r.channel, r.reasons, r.file, r.row_no])).toEqual([
      ['P01', 'I1', 'P05', 'paper', ['paper_to_office'], 'so-den.csv', 2],
      ['P01', 'I8', 'sở tài chính', 'paper', ['paper_to_office'], 'so-den.csv', 9],
    ]);
    // without a reason: the same two (P05's own documents are all electronic and signed)
    expect((await api(`/api/violations?${JUNE}&unit=P05`)).body.total).toBe(2);
  });

  it('paper before the sender\'s milestone is not a violation, include_baseline or not; nor is "both", a secret one, or the office itself', async () => {
    for (const q of ['period=2020-05&as_of=2020-05-31', 'period=2020-05&as_of=2020-05-31&include_baseline=true']) {
      expect((await api(`/api/violations?${q}&unit=P05&reason=paper_to_office`)).body.total, q).toBe(0);
    }
    expect((await api(`/api/violations?${JUNE}&unit=P16&reason=paper_to_office`)).body.total).toBe(0);
    expect((await api(`/api/violations?${JUNE}&unit=P01&reason=paper_to_office`)).body.total).toBe(0);
  });
});

describe('the cross-check of self-reports', () => {
  it('flags a unit whose register claims 100 % while its recipients logged paper from it', async () => {
    const { status, body } = await api(`/api/cross-check?${JUNE}`);
    expect(status).toBe(200);
    expect(body.office).toBe('P01');
    // I5 from outside the registry, I6 without a sender (I3 is secret)
    expect(body.office_unattributed).toEqual({ without_sender: 1, outside_registry: 1 });
    const row = (code: string) => body.units.find((u: any) => u.code === code);
    // P05: 2 of 2 sent electronically by its own register; paper logged from it: I1 I8 at the office, X1 at 380
    expect(body.units[0]).toEqual({ code: 'P05', name: 'Sở Tài chính', level: 'province', out_total: 2, out_electronic: 2, sent_electronic_rate: 1, receipts_on_paper: 3, recipients: 2, paper_to_office: 2, contradicted: true });
    // P16 says it sent one on paper; nobody logged paper from it (I3 is secret, I4 both)
    expect(row('P16')).toMatchObject({ out_total: 2, out_electronic: 1, sent_electronic_rate: 0.5, receipts_on_paper: 0, contradicted: false });
    // P02 sent nothing by its register, yet 380 logged paper from it: not a claim of 100 %
    expect(row('P02')).toMatchObject({ out_total: 0, sent_electronic_rate: null, receipts_on_paper: 1, recipients: 1, contradicted: false });
    expect(body.units.filter((u: any) => u.contradicted).map((u: any) => u.code)).toEqual(['P05']);
    expect(body.units).toHaveLength(606);
    expect((await api(`/api/cross-check?${JUNE}&unit=P05`)).body.units).toHaveLength(1);
  });
});

describe('a scorecard with the directive\'s indicators', () => {
  // the received rate weight 2 (bonus 2 points at 100 %), the processed rate weight 1 (bonus
  // 5 points from 50 %), the sent rate weight 1; 10 points off per paper document the office
  // logged from the body after its milestone
  const SC: Scorecard = {
    indicators: [
      { rate: 'sent_electronic_rate', weight: 1, target: 1, bonus: 0 },
      { rate: 'received_electronic_rate', weight: 2, target: 1, bonus: 0.02 },
      { rate: 'processed_electronic_rate', weight: 1, target: 0.5, bonus: 0.05 },
    ],
    penalties: [{ kind: 'paper_to_office', points: 0.1 }],
  };
  const figuresWith = (scorecard: Scorecard) => new Figures(w.db, new FigureCache(), { incompleteRule: 'count_against', scorecard, provincialOffice: 'P01' });
  const june = parsePeriod('2020-06');

  it('scores the bodies by hand: a missing processed field counts as 0, paper_to_office per document', async () => {
    const rows = await figuresWith(SC).ranking(june, '2020-06-30', { level: 'province' });
    const row = (c: string) => rows.find((r) => r.code === c)!;
    // P01: no outgoing (sent null, left out); received 3/7 → 0.4286 × 2; processed 2/4 = 0.5 × 1, at its target: + 0.05
    //   (0.8572 + 0.5) / 3 = 0.4524, + 0.05 = 0.5024
    expect(row('P01')).toMatchObject({ score: 0.5024, received_electronic_rate: 0.4286, processed_electronic_rate: 0.5, paper_to_office: 0 });
    // P02's old export carries no processed field: its rate is shown null (not 0), and it is
    // scored 0 (its 2 completed documents counted as not processed electronically):
    //   received 1/2 = 0.5 × 2, processed 0 × 1 → 1 / 3 = 0.3333 (leaving it out would give 0.5)
    expect(row('P02')).toMatchObject({ score: 0.3333, received_electronic_rate: 0.5, processed_electronic_rate: null, in_completed_unrecorded: 2 });
    // P05: sent 2/2 = 1; nothing received (null, left out); 2 paper documents at the office: 1 − 2 · 0.1 = 0.8
    expect(row('P05')).toMatchObject({ score: 0.8, sent_electronic_rate: 1, received_electronic_rate: null, paper_to_office: 2 });
    // P16: sent 1/2 = 0.5, nothing else
    expect(row('P16')).toMatchObject({ score: 0.5 });
    expect(rows.filter((r) => r.rank !== null).map((r) => [r.code, r.rank])).toEqual([['P05', 1], ['P01', 2], ['P16', 3], ['P02', 4]]);
    // the oracle (reports/ranking.ts) over the units' own figures agrees
    const rates = (await api(`/api/rates?${JUNE}&level=province`)).body.units;
    expect(rates.find((u: any) => u.code === 'P05').paper_to_office).toBe(2);
    const ours = rankByScore(rates, 'count_against', SC);
    for (const r of rows) expect(ours.get(r.code), r.code).toEqual({ rank: r.rank, score: r.score, unranked_reason: r.unranked_reason });
  });

  it('the default scorecard is unchanged by the new columns: the mean of the three rates', async () => {
    const rows = await figuresWith(DEFAULT_SCORECARD).ranking(june, '2020-06-30', { level: 'province' });
    // P05 1 and 1 (no deadline: on time null), P16 0.5 and 0.5; P01 and P02 have no outgoing: no score
    expect(rows.filter((r) => r.rank !== null).map((r) => [r.code, r.score])).toEqual([['P05', 1], ['P16', 0.5]]);
  });

  it('the inspectors\' priority order scores with the same scorecard as the ranking, and counts paper_to_office', async () => {
    const scope = { period: june, asOf: '2020-06-30', includeBaseline: false };
    const threshold = { scoreBelow: 0.95, documentsFrom: 20 };
    const rows = await figuresWith(SC).priority(scope, ['P01', 'P02', 'P05', 'P16'], threshold);
    const ranking = await figuresWith(SC).ranking(june, '2020-06-30', { level: 'province' });
    for (const r of rows) expect(r.score, r.code).toBe(ranking.find((x) => x.code === r.code)!.score);
    // the scores worked out above; P05's 2 paper documents at the office are its violating
    // documents, P16 has Q2 (paper, unsigned); all below 95 %: more documents first, then the lower score
    expect(rows.map((r) => [r.code, r.score, r.violating_documents, r.needs_check])).toEqual([
      ['P05', 0.8, 2, true], ['P16', 0.5, 1, true], ['P02', 0.3333, 0, true], ['P01', 0.5024, 0, true],
    ]);
    // with the default scorecard P05 scores 1 (sent and signed 2 of 2) and needs no check; P01 and P02 have no score
    const plain = await figuresWith(DEFAULT_SCORECARD).priority(scope, ['P01', 'P02', 'P05', 'P16'], threshold);
    expect(plain.map((r) => [r.code, r.score, r.needs_check])).toEqual([['P16', 0.5, true], ['P05', 1, false], ['P01', null, false], ['P02', null, false]]);
  });

  it('the oracle refuses to score a row without the counts a scorecard needs', () => {
    expect(() => rankByScore([{ code: 'X', sent_electronic_rate: 1, signed_rate: 1, on_time_rate: 1, processed_electronic_rate: 1 }], 'as_computed', SC)).toThrow(/received_electronic_rate/);
    const onlyProcessed: Scorecard = { indicators: [{ rate: 'processed_electronic_rate', weight: 1, target: 1, bonus: 0 }], penalties: [] };
    // a rate of 1 without in_completed_unrecorded cannot be trusted: the gap could be hiding paper
    expect(() => rankByScore([{ code: 'X', sent_electronic_rate: 1, signed_rate: 1, on_time_rate: 1, processed_electronic_rate: 1 }], 'as_computed', onlyProcessed)).toThrow(/processed_electronic_rate/);
  });
});

describe('the inspection work list and paper_to_office', () => {
  const scope = { period: parsePeriod('2020-06'), asOf: '2020-06-30', includeBaseline: false };

  it('lists the paper at the office under its sender, as /api/violations does', async () => {
    const rows: Violation[] = [];
    await streamViolations(w, ['P05', 'P16'], scope, 'P01', (chunk) => { rows.push(...chunk); });
    // P05: I1 and I8 at the office (I7 before its milestone is not listed); P16: Q2 (paper, not signed)
    expect(rows.map((r) => [r.listed_for, r.unit_code, r.doc_id, r.reasons, r.file, r.row_no])).toEqual([
      ['P05', 'P01', 'I1', ['paper_to_office'], 'so-den.csv', 2],
      ['P05', 'P01', 'I8', ['paper_to_office'], 'so-den.csv', 9],
      ['P16', 'P16', 'Q2', ['not_electronic', 'not_signed'], 'so-den.csv', 14],
    ]);
    const api5 = (await api(`/api/violations?${JUNE}&unit=P05`)).body.rows;
    expect(rows.filter((r) => r.listed_for === 'P05').map((r) => [r.unit_code, r.doc_id, r.reasons])).toEqual(api5.map((r: any) => [r.unit_code, r.doc_id, r.reasons]));
  });

  it('the team\'s workbook lists them under the body with a Vietnamese reason, and counts them on the cover', async () => {
    const figures = new Figures(w.db, new FigureCache(), { incompleteRule: 'count_against', scorecard: DEFAULT_SCORECARD, provincialOffice: 'P01' });
    const deps = { figures, ctx: w, settings: w.config.settings, now: () => new Date('2021-01-01T00:00:00Z') };
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeInspectionXlsx(deps, { team: 1, scope }, out);
    const wb = await readWorkbook(Buffer.concat(chunks));
    const ws = wb.getWorksheet(INSPECTION_SHEETS.work)!;
    const col = (k: string) => WORK_COLUMNS.findIndex((c) => c.key === k) + 1;
    const lines: string[][] = [];
    let heading = '';
    for (let r = WORK_HEADER_ROW + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const first = row.getCell(1).value;
      if (typeof first === 'string') heading = first;
      else if (typeof first === 'number') lines.push([heading.split(' (mã')[0]!, String(row.getCell(col('unit_code')).value), String(row.getCell(col('doc_id')).value), String(row.getCell(col('reasons')).value)]);
    }
    expect(lines.filter((l) => l[3]!.includes('VP UBND'))).toEqual([
      ['Sở Tài chính', 'P01', 'I1', 'Gửi giấy đến VP UBND tỉnh'],
      ['Sở Tài chính', 'P01', 'I8', 'Gửi giấy đến VP UBND tỉnh'],
    ]);
    let cover = '';
    wb.getWorksheet(INSPECTION_SHEETS.cover)!.eachRow((row) => { cover += `${row.values}\n`; });
    expect(cover).toContain('gửi văn bản giấy đến Văn phòng UBND tỉnh: 2');
  });
});
