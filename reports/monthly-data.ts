import { PROVINCE_AREA, type Completeness, type Counts, type Figures, type RankingRow, type Scope } from '../analytics/figures.ts';
import type { DirectiveCounts } from '../analytics/schemas.ts';
import { previousPeriod, type Period } from '../analytics/period.ts';
import type { Scorecard } from '../config.ts';
import { badRequest } from '../errors.ts';
import { ratesOfAreas } from './area-figures.ts';
import { rankByScore } from './ranking.ts';

/** The figures of the monthly report input, as the Figures class (the API) computes them. */

export const COUNT_FIELDS = ['out_total', 'out_electronic', 'out_signed', 'in_on_time', 'in_late', 'in_pending', 'secret_excluded'] as const;
export const RATE_FIELDS = ['sent_electronic_rate', 'signed_rate', 'on_time_rate'] as const;
/**
 * The received and processed rates with their counts (Directive 15: "tỷ lệ gửi, nhận, xử lý";
 * analytics/schemas.ts directiveShape). Null in a version frozen before they were recorded.
 */
export const DIRECTIVE_COUNT_FIELDS = ['in_total', 'in_electronic', 'in_completed', 'in_processed_electronic', 'in_completed_unrecorded'] as const;
export const DIRECTIVE_RATE_FIELDS = ['received_electronic_rate', 'processed_electronic_rate'] as const;
export const DIRECTIVE_FIELDS = [...DIRECTIVE_COUNT_FIELDS, ...DIRECTIVE_RATE_FIELDS] as const;
/** the sent, received and processed rates, as the directive lists them */
export const DIRECTIVE_RATES = ['sent_electronic_rate', 'received_electronic_rate', 'processed_electronic_rate'] as const;
/** how complete a figure is (README, "Completeness"); stored with a frozen figure */
export const COMPLETENESS_FIELDS = ['quarantined_rows', 'units_without_data'] as const;
/**
 * A report's figure: counts, rates, and how complete they are. The completeness of a
 * figure frozen before it was recorded is null (not known), never read as complete.
 */
export type Figure = Pick<Counts, (typeof COUNT_FIELDS)[number] | (typeof RATE_FIELDS)[number]> & {
  quarantined_rows: number | null;
  units_without_data: number | null;
  complete: boolean | null;
} & { [K in (typeof DIRECTIVE_FIELDS)[number]]: number | null };

export type Section = 'province' | 'level' | 'district' | 'body';

export interface ReportRow {
  section: Section;
  /** 38 (the province), a level (province, district, commune), a district or a provincial body code */
  code: string;
  name: string;
  /** the period */
  period: Figure;
  /** the previous period of the same kind, at the same as_of */
  previous: Figure;
  /** from 1 January to the end of the period */
  cumulative: Figure;
  /** districts: /api/ranking; provincial bodies: among the provincial bodies, same rule */
  rank: number | null;
  score: number | null;
  previous_rank: number | null;
  previous_score: number | null;
}

export interface ReportPeriods {
  period: Period;
  previous: Period;
  cumulative: Period;
}

const LEVEL_ROWS = [
  { code: 'province', name: 'Cấp tỉnh (các sở, ban, ngành)' },
  { code: 'district', name: 'Cấp huyện (UBND huyện, thị xã, thành phố)' },
  { code: 'commune', name: 'Cấp xã (UBND xã, phường, thị trấn)' },
] as const;

/** A monthly report covers a month, a quarter, 6 or 9 months, or a year, never a free range. */
export function reportPeriods(period: Period): ReportPeriods {
  if (period.kind === 'range') {
    throw badRequest('invalid_period', 'The monthly report covers a month (2020-10), a quarter (2020-Q4), 6 or 9 months (2020-6M, 2020-9M) or a year (2020), not a range of days.');
  }
  const year = period.from.slice(0, 4);
  return {
    period,
    previous: previousPeriod(period),
    cumulative: { kind: 'range', label: `${year}-01-01..${period.to}`, from: `${year}-01-01`, to: period.to },
  };
}

export function figureOf(c: Counts & DirectiveCounts & Pick<Completeness, 'quarantined_rows' | 'units_without_data' | 'complete'>): Figure {
  return {
    in_total: c.in_total, in_electronic: c.in_electronic, received_electronic_rate: c.received_electronic_rate,
    in_completed: c.in_completed, in_processed_electronic: c.in_processed_electronic, in_completed_unrecorded: c.in_completed_unrecorded,
    processed_electronic_rate: c.processed_electronic_rate,
    out_total: c.out_total, out_electronic: c.out_electronic, out_signed: c.out_signed,
    in_on_time: c.in_on_time, in_late: c.in_late, in_pending: c.in_pending, secret_excluded: c.secret_excluded,
    sent_electronic_rate: c.sent_electronic_rate, signed_rate: c.signed_rate, on_time_rate: c.on_time_rate,
    quarantined_rows: c.quarantined_rows, units_without_data: c.units_without_data, complete: c.complete,
  };
}

/** A stored figure's completeness as a figure shows it: complete when both counts are known and 0. */
export function completeOf(quarantined: number | null, withoutData: number | null): boolean | null {
  return quarantined === null || withoutData === null ? null : quarantined === 0 && withoutData === 0;
}

/**
 * The report's rows computed now from the built models (the "live" figures), ranked with
 * the scorecard given (a frozen period's) or the configured one.
 */
export async function liveRows(figures: Figures, periods: ReportPeriods, asOf: string, scorecard: Scorecard = figures.options.scorecard): Promise<ReportRow[]> {
  const scope = (period: Period): Scope => ({ period, asOf, includeBaseline: false });
  const scopes = { period: scope(periods.period), previous: scope(periods.previous), cumulative: scope(periods.cumulative) };
  // the lines follow the map the period is pooled on (the one in force on its last day,
  // issue 17): 27 districts, 26 from 1/12/2024, none (and no district level) from 1/7/2025
  const units = await figures.unitsAt(periods.period.to);
  const districts = units.filter((u) => u.level === 'district');
  const levels = LEVEL_ROWS.filter((l) => units.some((u) => u.level === l.code));

  const areas = [PROVINCE_AREA, ...levels.map((l) => l.code), ...districts.map((d) => d.code)];
  const areaFigures = async (s: Scope) => new Map([...(await ratesOfAreas(figures, s, areas))].map(([a, c]) => [a, figureOf(c)] as const));
  const bodyRows = (s: Scope) => figures.ratesByUnit(s, { level: 'province' });
  const rule = figures.options.incompleteRule;

  const [areaNow, areaPrev, areaCum, bodiesNow, bodiesPrev, bodiesCum, ranking, prevRanking] = await Promise.all([
    areaFigures(scopes.period), areaFigures(scopes.previous), areaFigures(scopes.cumulative),
    bodyRows(scopes.period), bodyRows(scopes.previous), bodyRows(scopes.cumulative),
    figures.ranking(periods.period, asOf, { level: 'district' }, scorecard), figures.ranking(periods.previous, asOf, { level: 'district' }, scorecard),
  ]);
  const districtRank = new Map(ranking.map((r) => [r.code, r]));
  const districtPrevRank = new Map(prevRanking.map((r) => [r.code, r]));
  const byCode = (rows: typeof bodiesNow) => new Map(rows.map((r) => [r.code, figureOf(r)] as const));
  const [bodyNow, bodyPrev, bodyCum] = [byCode(bodiesNow), byCode(bodiesPrev), byCode(bodiesCum)];
  // the provincial bodies among themselves, under the same rule for incomplete units as the districts
  const bodyRank = rankByScore(bodiesNow, rule, scorecard);
  const bodyPrevRank = rankByScore(bodiesPrev, rule, scorecard);

  const unranked = { rank: null, score: null, previous_rank: null, previous_score: null };
  const area = (section: Section, code: string, name: string): ReportRow => ({
    section, code, name, period: areaNow.get(code)!, previous: areaPrev.get(code)!, cumulative: areaCum.get(code)!, ...unranked,
  });
  return [
    area('province', PROVINCE_AREA, 'Toàn tỉnh'),
    ...levels.map((l) => area('level', l.code, l.name)),
    ...districts.map((d) => ({
      ...area('district', d.code, d.name),
      rank: districtRank.get(d.code)?.rank ?? null,
      score: districtRank.get(d.code)?.score ?? null,
      // the previous rank on the period's map (a district that took another's history ranked with its figures)
      previous_rank: districtRank.get(d.code)?.previous_rank ?? null,
      previous_score: districtPrevRank.get(d.code)?.score ?? null,
    })),
    ...units.filter((u) => u.level === 'province').map((b): ReportRow => ({
      section: 'body', code: b.code, name: b.name,
      period: bodyNow.get(b.code)!, previous: bodyPrev.get(b.code)!, cumulative: bodyCum.get(b.code)!,
      rank: bodyRank.get(b.code)?.rank ?? null,
      score: bodyRank.get(b.code)?.score ?? null,
      previous_rank: bodyPrevRank.get(b.code)?.rank ?? null,
      previous_score: bodyPrevRank.get(b.code)?.score ?? null,
    })),
  ];
}

/** A commune's ranks: among the communes of the province (559; 166 from 1/7/2025) and among its district's (none from 1/7/2025). */
export type CommuneRank = RankingRow & { district_rank: number | null; district_members: number };

/**
 * The communes ranked (ranking.sql, level commune, with the scorecard given) and each one's
 * rank within its district. A commune's eligibility and score do not depend on its peer
 * group, so its rank in its district is one more than the ranked communes of the district
 * with a strictly higher score (test/ranking-levels.test.ts checks it against
 * level=commune&district=).
 */
export async function communeRanks(figures: Figures, period: Period, asOf: string, scorecard: Scorecard): Promise<CommuneRank[]> {
  const rows = await figures.ranking(period, asOf, { level: 'commune' }, scorecard);
  const byDistrict = new Map<string, RankingRow[]>();
  for (const r of rows) if (r.district_code !== null) byDistrict.set(r.district_code, [...(byDistrict.get(r.district_code) ?? []), r]);
  return rows.map((r) => {
    // from 1/7/2025 a commune is under no district: no rank within one
    if (r.district_code === null) return { ...r, district_rank: null, district_members: 0 };
    const peers = byDistrict.get(r.district_code)!;
    const district_rank = r.rank === null ? null : 1 + peers.filter((o) => o.rank !== null && o.score! > r.score!).length;
    return { ...r, district_rank, district_members: peers.length };
  });
}

/** A rate's change from the previous period, in percentage points as a fraction; null if either is missing. */
export function change(now: number | null, before: number | null): number | null {
  return now === null || before === null ? null : now - before;
}

export interface Difference {
  code: string;
  name: string;
  /** period, previous, cumulative, or rank */
  part: string;
  field: string;
  reported: number | null;
  now: number | null;
}

/** Every figure that differs between two sets of rows (a frozen version and the live figures). */
export function differences(reported: readonly ReportRow[], now: readonly ReportRow[]): Difference[] {
  const out: Difference[] = [];
  const byKey = new Map(now.map((r) => [`${r.section}:${r.code}`, r]));
  for (const a of reported) {
    const b = byKey.get(`${a.section}:${a.code}`);
    for (const part of ['period', 'previous', 'cumulative'] as const) {
      for (const field of [...COUNT_FIELDS, ...RATE_FIELDS]) {
        const x = a[part][field];
        const y = b ? b[part][field] : null;
        if (x !== y) out.push({ code: a.code, name: a.name, part, field, reported: x, now: y });
      }
      // the received and processed figures, where the version recorded them
      for (const field of DIRECTIVE_FIELDS) {
        const x = a[part][field];
        const y = b ? b[part][field] : null;
        if (x !== null && x !== y) out.push({ code: a.code, name: a.name, part, field, reported: x, now: y });
      }
    }
    for (const field of ['rank', 'score', 'previous_rank', 'previous_score'] as const) {
      const y = b ? b[field] : null;
      if (a[field] !== y) out.push({ code: a.code, name: a.name, part: 'rank', field, reported: a[field], now: y });
    }
  }
  return out;
}
