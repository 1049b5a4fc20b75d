import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { parsePeriod } from '../analytics/period.ts';
import { DEFAULT_SCORECARD, type Scorecard } from '../config.ts';
import { rankByScore, type RankInput } from '../reports/ranking.ts';
import { SHEET_NAMES, rankCol } from '../reports/monthly-xlsx.ts';
import { fetchFile, readWorkbook, reportFixture, type ReportFixture } from './helpers/reports.ts';

// Every level ranked: /api/ranking?level=province|district|commune[&district=], each against
// the TypeScript oracle of the rule (reports/ranking.ts) applied to the units' own figures
// (/api/rates), and a few ranks by hand.

type Row = { code: string; district_code: string | null; rank: number | null; previous_rank: number | null; score: number | null; unranked_reason: string | null; quarantined_rows: number };

const pad = (n: number) => String(n).padStart(2, '0');
/** n outgoing documents of a unit on a day, the first `electronic` electronic and signed, the rest on paper and unsigned */
function outgoing(unit: string, prefix: string, day: string, n: number, electronic: number): string[] {
  return Array.from({ length: n }, (_, i) => i < electronic
    ? `${unit},${prefix}${i},out,${i}/X,,,${day} 08:${pad(i)},normal,electronic,true,,`
    : `${unit},${prefix}${i},out,${i}/X,,,${day} 09:${pad(i)},normal,paper,false,,`);
}

describe('every level ranked', () => {
  let f: ReportFixture;
  let vinhLoc: string[];
  let bodies: string[];
  const AS_OF = '2021-01-01';
  const api = async (path: string) => {
    const r = await f.api(path);
    expect(r.status, path).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    f = await reportFixture([]);
    const units = await f.figures.units();
    bodies = units.filter((u) => u.level === 'province').map((u) => u.code);
    vinhLoc = units.filter((u) => u.level === 'commune' && u.district_code === '393').map((u) => u.code);
    expect(bodies).toHaveLength(20);
    expect(vinhLoc.length).toBeGreaterThan(5);
    const rows: string[] = [];
    // October 2020: body i sends 4 documents, (i mod 5) of them electronic and signed: ties
    // in fours; P20 has none (unranked, no data). September: the other way round.
    bodies.forEach((b, i) => {
      if (b === 'P20') return;
      rows.push(...outgoing(b, `O${b}-`, '2020-10-12', 4, i % 5));
      rows.push(...outgoing(b, `S${b}-`, '2020-09-14', 4, 4 - (i % 5)));
    });
    // P01's documents before its milestone (22/5/2020) are the baseline: not ranked on
    rows.push(...outgoing('P01', 'M1-', '2020-05-20', 2, 0), ...outgoing('P02', 'M2-', '2020-05-25', 2, 2), ...outgoing('P01', 'M3-', '2020-05-26', 1, 1));
    // Vĩnh Lộc's communes in October: commune j sends 2 documents, (j mod 3) electronic
    vinhLoc.forEach((c, j) => rows.push(...outgoing(c, `V${c}-`, '2020-10-15', 2, j % 3)));
    // one late incoming document at the second commune: its on-time rate 0
    rows.push(`${vinhLoc[1]},L1,in,1/X,,,2020-10-03 08:00,normal,electronic,,2020-10-05,2020-10-09 10:00`);
    // a commune of another district, and the district 393's People's Committee (a district, not a commune)
    rows.push(...outgoing('14755', 'K-', '2020-10-15', 3, 3), ...outgoing('393', 'D-', '2020-10-15', 2, 1));
    await f.loadMore('levels.csv', rows);
    // an open quarantined row at P03 (an unreadable channel): counted against it
    await f.loadMore('broken.csv', ['P03,Q1,out,1/X,,,2020-10-20 08:00,normal,fax,true,,']);
  });
  afterAll(() => f?.close());

  /** the oracle: the rule over the units' own figures, as the API counts them */
  const oracle = async (period: string, units: string[]) => {
    const rates = (await api(`/api/rates?period=${period}&as_of=${AS_OF}`)).units as RankInput[];
    return rankByScore(rates.filter((r) => units.includes(r.code)), 'count_against');
  };

  it('level=province ranks the 20 provincial bodies from their milestone, as the oracle does', async () => {
    const body = await api(`/api/ranking?period=2020-10&as_of=${AS_OF}&level=province`);
    expect(body).toMatchObject({ level: 'province', district: null, incomplete_rule: 'count_against', scorecard: DEFAULT_SCORECARD });
    const rows = body.units as Row[];
    expect(rows.map((r) => r.code).sort()).toEqual([...bodies].sort());
    const ours = await oracle('2020-10', bodies);
    for (const r of rows) expect(ours.get(r.code), r.code).toEqual({ rank: r.rank, score: r.score, unranked_reason: r.unranked_reason });
    const prev = await oracle('2020-09', bodies);
    for (const r of rows) expect(prev.get(r.code)!.rank, r.code).toBe(r.previous_rank);
    // by hand: P05, P10, P15 send 4 of 4 (i mod 5 = 4): rank 1, shared; P04, P09, P14, P19 3 of 4 → rank 4
    const rank = (c: string) => rows.find((r) => r.code === c)!;
    expect(['P05', 'P10', 'P15'].map((c) => [rank(c).rank, rank(c).score])).toEqual([[1, 1], [1, 1], [1, 1]]);
    expect(['P04', 'P09', 'P14', 'P19'].map((c) => rank(c).rank)).toEqual([4, 4, 4, 4]);
    // P03 (2 of 4) with its open quarantined row counted against it: 2 of 5 → 0.4
    expect(rank('P03')).toMatchObject({ score: 0.4, quarantined_rows: 1 });
    expect(rank('P20')).toMatchObject({ rank: null, unranked_reason: 'no_data' });
    expect(rows.at(-1)!.code).toBe('P20');
  });

  it('a provincial body counts from 22/5/2020: the documents of 20/5 are the baseline', async () => {
    const rows = (await api(`/api/ranking?period=2020-05&as_of=${AS_OF}&level=province`)).units as Row[];
    // P01: only the document of 26/5 (electronic); P02: 2 of 2 → both 1, sharing rank 1
    expect(rows.filter((r) => r.rank !== null).map((r) => [r.code, r.rank, r.score])).toEqual([['P01', 1, 1], ['P02', 1, 1]]);
  });

  it('level=commune&district=393 ranks the communes of Vĩnh Lộc with the same tie rules', async () => {
    const body = await api(`/api/ranking?period=2020-10&as_of=${AS_OF}&level=commune&district=393`);
    expect(body).toMatchObject({ level: 'commune', district: '393' });
    const rows = body.units as Row[];
    expect(rows.map((r) => r.code).sort()).toEqual([...vinhLoc].sort());
    expect(rows.every((r) => r.district_code === '393')).toBe(true);
    const ours = await oracle('2020-10', vinhLoc);
    for (const r of rows) expect(ours.get(r.code), r.code).toEqual({ rank: r.rank, score: r.score, unranked_reason: r.unranked_reason });
    // by hand: j mod 3 = 2 → 2 of 2 → score 1, rank 1 shared; the second commune (j = 1) 1 of 2
    // and its late document: mean(0.5, 0.5, 0) = 0.3333, below the others at 0.5
    const top = vinhLoc.filter((_, j) => j % 3 === 2);
    expect(rows.filter((r) => r.rank === 1).map((r) => r.code).sort()).toEqual([...top].sort());
    const second = rows.find((r) => r.code === vinhLoc[1])!;
    expect(second.score).toBe(0.3333);
    const half = vinhLoc.filter((_, j) => j % 3 === 1 && j !== 1);
    for (const c of half) expect(rows.find((r) => r.code === c)).toMatchObject({ rank: top.length + 1, score: 0.5 });
    expect(second.rank).toBe(top.length + half.length + 1);
  });

  it('level=commune ranks every commune of the province, with the other district\'s commune first', async () => {
    const rows = (await api(`/api/ranking?period=2020-10&as_of=${AS_OF}&level=commune`)).units as Row[];
    expect(rows).toHaveLength(559);
    const ranked = [...vinhLoc, '14755'];
    const ours = await oracle('2020-10', ranked);
    for (const r of rows.filter((x) => ranked.includes(x.code))) expect(ours.get(r.code), r.code).toEqual({ rank: r.rank, score: r.score, unranked_reason: r.unranked_reason });
    expect(rows.find((r) => r.code === '14755')).toMatchObject({ rank: 1, score: 1, district_code: '380' });
    expect(rows.filter((r) => r.rank !== null)).toHaveLength(ranked.length);
    // communes without documents are due (after 1/9/2020) and unranked, last
    expect(rows.at(-1)).toMatchObject({ rank: null, unranked_reason: 'no_data' });
  });

  it('level=district stays the default and the 27 districts as before', async () => {
    const plain = await api(`/api/ranking?period=2020-10&as_of=${AS_OF}`);
    const explicit = await api(`/api/ranking?period=2020-10&as_of=${AS_OF}&level=district`);
    expect(plain).toEqual(explicit);
    expect(plain.units).toHaveLength(27);
    expect(plain.units.every((r: Row) => r.district_code === null)).toBe(true);
    // each district with its area's received and processed figures, as /api/rates pools them
    // (Vĩnh Lộc: the one incoming document, electronic, late and completed; its export has no
    // processed column: not recorded)
    const keys = ['in_total', 'in_electronic', 'received_electronic_rate', 'in_completed', 'in_processed_electronic', 'in_completed_unrecorded', 'processed_electronic_rate'];
    for (const r of plain.units as Record<string, unknown>[]) {
      const { area } = await api(`/api/rates?period=2020-10&as_of=${AS_OF}&area=${r['code']}`);
      expect(Object.fromEntries(keys.map((k) => [k, r[k]])), String(r['code'])).toEqual(Object.fromEntries(keys.map((k) => [k, area[k]])));
    }
    expect(plain.units.find((r: Row) => r.code === '393')).toMatchObject({ in_total: 1, received_electronic_rate: 1, in_completed: 0, in_completed_unrecorded: 1, processed_electronic_rate: null, paper_to_office: 0 });
  });

  it('refuses district= without level=commune, and a code that is not a district', async () => {
    expect((await f.api(`/api/ranking?period=2020-10&district=393`)).status).toBe(400);
    expect((await f.api(`/api/ranking?period=2020-10&level=province&district=393`)).body.error.code).toBe('invalid_parameter');
    expect((await f.api(`/api/ranking?period=2020-10&level=commune&district=P01`)).body.error.code).toBe('unknown_area');
    expect((await f.api(`/api/ranking?period=2020-10&level=commune&district=999`)).body.error.code).toBe('unknown_area');
    expect((await f.api(`/api/ranking?period=2020-10&level=ward`)).status).toBe(400);
  });

  it('the monthly workbook\'s ranking sheet ranks every level as the API does', async () => {
    const file = await fetchFile(f.app, `/api/reports/monthly.xlsx?period=2020-10&as_of=${AS_OF}`);
    expect(file.status).toBe(200);
    const ws = (await readWorkbook(file.bytes)).getWorksheet(SHEET_NAMES.ranking)!;
    const sheet = new Map<string, { rank: unknown; of: unknown; previous: unknown; inDistrict: unknown; score: unknown }>();
    ws.eachRow((row) => {
      const code = row.getCell(rankCol('code')).value;
      if (typeof code === 'string' && /^(P\d+|\d+)$/.test(code)) {
        const v = (k: Parameters<typeof rankCol>[0]) => row.getCell(rankCol(k)).value;
        sheet.set(code, { rank: v('rank'), of: v('of'), previous: v('previous_rank'), inDistrict: v('district_rank'), score: v('score') });
      }
    });
    expect(sheet.size).toBe(20 + 27 + 559);
    const shown = (x: number | null) => (x === null ? '—' : x);
    const level = async (q: string) => (await api(`/api/ranking?period=2020-10&as_of=${AS_OF}&${q}`)).units as Row[];
    for (const [q, of] of [['level=province', 20], ['level=district', 27], ['level=commune', 559]] as const) {
      for (const r of await level(q)) expect(sheet.get(r.code), `${q} ${r.code}`).toMatchObject({ rank: shown(r.rank), of, score: shown(r.score) });
    }
    // a commune's rank in its district is the API's for that district
    for (const r of await level('level=commune&district=393')) expect(sheet.get(r.code)!.inDistrict ?? null, r.code).toBe(r.rank);
    for (const r of await level('level=commune&district=380')) expect(sheet.get(r.code)!.inDistrict ?? null, r.code).toBe(r.rank);
  });

  describe('a configured scorecard', () => {
    const rankWith = (scorecard: Scorecard, level: 'province' | 'commune' = 'commune') =>
      new Figures(f.w.db, new FigureCache(), { incompleteRule: 'count_against', scorecard }).ranking(parsePeriod('2020-10'), AS_OF, { level, district: level === 'commune' ? '393' : null });

    it('the default reproduces the mean of the three rates exactly', async () => {
      const api = (await f.api(`/api/ranking?period=2020-10&as_of=${AS_OF}&level=commune&district=393`)).body.units as Row[];
      const explicit = await rankWith({ indicators: ['sent_electronic_rate', 'signed_rate', 'on_time_rate'].map((rate) => ({ rate, weight: 1, target: 1, bonus: 0 })), penalties: [] } as Scorecard);
      expect(explicit.map((r) => [r.code, r.rank, r.score])).toEqual(api.map((r) => [r.code, r.rank, r.score]));
      // and the score is the one ranking.sql computed before the scorecard, at every level
      for (const q of ['level=province', 'level=district', 'level=commune']) {
        const rows = (await f.api(`/api/ranking?period=2020-10&as_of=${AS_OF}&${q}`)).body.units as (Row & Record<string, number | null>)[];
        const before = await f.w.db.all<{ score: number | null }>(
          `SELECT round(list_avg(list_filter([r.s, r.g, r.t], x -> x IS NOT NULL)), 4) AS score FROM (SELECT unnest($rows::STRUCT(s DOUBLE, g DOUBLE, t DOUBLE)[]) AS r)`,
          { rows: JSON.stringify(rows.map((r) => ({ s: r['sent_electronic_rate'], g: r['signed_rate'], t: r['on_time_rate'] }))) },
        );
        expect(rows.map((r) => r.score), q).toEqual(before.map((b) => b.score));
      }
    });

    it('weights change the score as computed by hand, and the oracle agrees', async () => {
      // the second commune of Vĩnh Lộc: sent 0.5, signed 0.5, on time 0; weights 2, 1, 1:
      // (2·0.5 + 0.5 + 0) / 4 = 0.375 (the mean was 0.3333)
      const sc: Scorecard = { indicators: [{ rate: 'sent_electronic_rate', weight: 2, target: 1, bonus: 0 }, { rate: 'signed_rate', weight: 1, target: 1, bonus: 0 }, { rate: 'on_time_rate', weight: 1, target: 1, bonus: 0 }], penalties: [] };
      const rows = await rankWith(sc);
      expect(rows.find((r) => r.code === vinhLoc[1])!.score).toBe(0.375);
      // only the on-time rate, weight 1: the other communes have none → no score, unranked
      const onTime = await rankWith({ indicators: [{ rate: 'on_time_rate', weight: 1, target: 1, bonus: 0 }], penalties: [] });
      expect(onTime.filter((r) => r.rank !== null).map((r) => [r.code, r.score])).toEqual([[vinhLoc[1], 0]]);
      const rates = (await f.api(`/api/rates?period=2020-10&as_of=${AS_OF}&level=commune`)).body.units.filter((u: { code: string }) => vinhLoc.includes(u.code));
      const ours = rankByScore(rates, 'count_against', sc);
      for (const r of rows) expect(ours.get(r.code), r.code).toEqual({ rank: r.rank, score: r.score, unranked_reason: r.unranked_reason });
    });

    it('a bonus at the target and points off per violating document, by hand', async () => {
      // bonus 0.05 when the sent rate reaches 100 %, 0.01 off per document not sent electronically
      const sc: Scorecard = {
        indicators: [{ rate: 'sent_electronic_rate', weight: 1, target: 1, bonus: 0.05 }, { rate: 'signed_rate', weight: 1, target: 1, bonus: 0 }],
        penalties: [{ kind: 'not_electronic', points: 0.01 }],
      };
      const rows = await rankWith(sc, 'province');
      const score = (c: string) => rows.find((r) => r.code === c)!.score;
      expect(score('P05')).toBe(1.05); // 4 of 4: 1 + 0.05
      expect(score('P04')).toBe(0.74); // 3 of 4: 0.75 − 0.01
      expect(score('P03')).toBe(0.37); // 2 of 5 with its open row: 0.4 − 3 · 0.01
      expect(score('P01')).toBe(-0.04); // 0 of 4: 0 − 4 · 0.01
      const rates = (await f.api(`/api/rates?period=2020-10&as_of=${AS_OF}&level=province`)).body.units;
      const ours = rankByScore(rates, 'count_against', sc);
      for (const r of rows) expect(ours.get(r.code), r.code).toEqual({ rank: r.rank, score: r.score, unranked_reason: r.unranked_reason });
    });
  });
});
