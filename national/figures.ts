import { listValue } from '@duckdb/node-api';
import { DEFAULT_SCORECARD, type IncompleteRule, type Scorecard } from '../config.ts';
import { AppError } from '../errors.ts';
import { scorecardParams } from '../analytics/figures.ts';
import { previousPeriod, type Period } from '../analytics/period.ts';
import type { AreaRates, MonthRates, RankingRow } from '../analytics/schemas.ts';
import type { Database } from '../warehouse/database.ts';
import { readRows, sqlFile } from '../warehouse/sql.ts';
import { registryMismatches, type RegistryMismatch } from './coverage.ts';
import { roster, type RosterProvince } from './expect.ts';
import { nationalProvinces, type NationalProvince } from './rollup.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));
/** The province's ranking, run on the national warehouse's area_counts (national/sql/macros.sql). */
const RANKING = new URL('../analytics/queries/ranking.sql', import.meta.url);

/** The country, as an area of the national warehouse. */
export const COUNTRY_AREA = 'VN';
export const NATIONAL_LEVELS = ['province', 'district', 'commune'] as const;

/**
 * A figure of the national warehouse: the province's shape, the provinces expected that have
 * not published, and the communes the roster expects that the published registries lack
 * (counted in units_without_data too).
 */
type NationalGaps = { provinces_unpublished: number; communes_unregistered: number };
export type NationalAreaRates = AreaRates & NationalGaps;
export type NationalMonthRates = MonthRates & NationalGaps;
export type NationalRankingRow = RankingRow & NationalGaps;

export interface NationalScope {
  period: Period;
  asOf: string;
  includeBaseline: boolean;
}

/** The figures of a national warehouse (README "National roll-up"), in the shapes the province's API serves. */
export class NationalFigures {
  readonly db: Database;
  readonly incompleteRule: IncompleteRule;
  readonly scorecard: Scorecard;

  constructor(db: Database, options: { incompleteRule?: IncompleteRule; scorecard?: Scorecard } = {}) {
    this.db = db;
    this.incompleteRule = options.incompleteRule ?? 'count_against';
    this.scorecard = options.scorecard ?? DEFAULT_SCORECARD;
    // a publication carries no paper_to_office (national/sql/macros.sql): a penalty on it
    // would score every province as if it had none
    if (this.scorecard.penalties.some((p) => p.kind === 'paper_to_office')) {
      throw new AppError(500, 'national_scorecard_paper_to_office', 'A national warehouse cannot apply the paper_to_office penalty: publications do not carry it. Remove it from ranking.scorecard.penalties.');
    }
  }

  provinces(): Promise<NationalProvince[]> {
    return nationalProvinces(this.db);
  }

  /** The roster (the 34 provinces in force since 1/7/2025), each expected or not, published or not. */
  roster(): Promise<RosterProvince[]> {
    return roster(this.db);
  }

  /** The provinces held whose registry has fewer or more communes than the roster gives them (national/coverage.ts). */
  registryMismatches(): Promise<RegistryMismatch[]> {
    return registryMismatches(this.db);
  }

  /** The provinces the roster expects that have published nothing held here. */
  unpublishedProvinces(): Promise<{ code: string; name: string }[]> {
    return this.db.all<{ code: string; name: string }>(q('roster-unpublished'));
  }

  async dataRange(): Promise<{ first_month: string | null; last_month: string | null; documents: number }> {
    return (await this.db.all<{ first_month: string | null; last_month: string | null; documents: number }>(q('data-range')))[0]!;
  }

  /** Areas: 'VN' (the country), a province's code, or a level across the country. */
  async rates(s: NationalScope, areas: readonly string[]): Promise<Map<string, NationalAreaRates>> {
    const rows = await this.db.withConnection(async (conn) =>
      (await conn.runAndReadAll(q('rates'), { from: s.period.from, to: s.period.to, as_of: s.asOf, include_baseline: s.includeBaseline, areas: listValue([...areas]) }))
        .getRowObjectsJS() as unknown as (NationalAreaRates & { code: string })[]);
    return new Map(rows.map(({ code, ...r }) => [code, r as NationalAreaRates]));
  }

  trend(area: string, fromMonth: string, toMonth: string, asOf: string, includeBaseline: boolean): Promise<NationalMonthRates[]> {
    return this.db.all<NationalMonthRates>(q('trend'), { area, from: `${fromMonth}-01`, to: `${toMonth}-01`, as_of: asOf, include_baseline: includeBaseline });
  }

  /**
   * The provinces ranked by the province's own rules (analytics/queries/ranking.sql, level
   * 'province'), each with its provinces_unpublished (1 when its units are not known for a
   * month of the period: never published, or a month its registry has no unit in force in),
   * which the ranking counted as one member without data: taken out of units_without_data
   * here, so that it counts units, and said apart. Such a province stays not complete.
   * communes_unregistered: the communes its published registry lacks, already among its
   * units without data (national/sql/macros.sql), said apart as well.
   */
  async ranking(period: Period, asOf: string): Promise<NationalRankingRow[]> {
    const rows = await this.#ranked(period, asOf);
    const known = await this.rates({ period, asOf, includeBaseline: false }, rows.map((r) => r.code));
    return rows.map((r) => {
      const unpublished = known.get(r.code)?.provinces_unpublished ?? 0;
      const unregistered = known.get(r.code)?.communes_unregistered ?? 0;
      return { ...r, units_without_data: r.units_without_data - unpublished, provinces_unpublished: unpublished, communes_unregistered: unregistered };
    });
  }

  #ranked(period: Period, asOf: string): Promise<RankingRow[]> {
    const prev = previousPeriod(period);
    const params = {
      from: period.from, to: period.to, prev_from: prev.from, prev_to: prev.to, as_of: asOf, rule: this.incompleteRule,
      level: 'province', district: null, office: null, ...scorecardParams(this.scorecard),
    };
    return this.db.withConnection(async (conn) => {
      // unit_versions and area_counts are the national ones (national/sql/macros.sql)
      await conn.run("SET search_path = 'country,main'");
      return readRows<RankingRow>(conn, sqlFile(RANKING), params);
    });
  }
}
