import { listValue } from '@duckdb/node-api';
import type { Database, Params } from '../warehouse/database.ts';
import { sqlFile } from '../warehouse/sql.ts';
import { DEFAULT_SCORECARD, type IncompleteRule, type Scorecard, type ScoreRate } from '../config.ts';
import { badRequest } from '../errors.ts';
import type { FigureCache } from './figure-cache.ts';
import type { AreaCompleteness, AreaRates, Counts, CrossCheck, CrossCheckRow, DataNotes, DirectiveCounts, EndedUnit, LevelMilestone, PriorityRow, RankingRow, Unit, UnitRates, Violation } from './schemas.ts';
import type { MapUnit } from './map-schemas.ts';
import type { PeriodMap } from './period-map-schema.ts';
import { previousPeriod, type Period } from './period.ts';

const q = (name: string) => sqlFile(new URL(`./queries/${name}.sql`, import.meta.url));

// the shapes of what the figures serve: one definition with the API's (schemas.ts)
export type { AreaCompleteness, AreaRates, Completeness, Counts, PriorityRow, RankingRow, Unit, UnitRates } from './schemas.ts';

export interface Scope {
  period: Period;
  asOf: string;
  includeBaseline: boolean;
}

const LEVELS = ['province', 'district', 'commune'] as const;
export const PROVINCE_AREA = '38';

/** The figures of the warehouse, as the API and the reports serve them. */
export interface FigureOptions {
  /** what the ranking does with incomplete districts (settings.ranking.incompleteUnits) */
  incompleteRule: IncompleteRule;
  /** the Provincial Office's code (settings provincialOffice; default P01) */
  provincialOffice?: string;
  /** what the score is (settings.ranking.scorecard); a frozen period ranks with its own */
  scorecard: Scorecard;
}

export const DEFAULT_FIGURE_OPTIONS: FigureOptions = { incompleteRule: 'count_against', scorecard: DEFAULT_SCORECARD };

export type RankLevel = (typeof LEVELS)[number];

/** A peer group: a level, and for the communes optionally one district's. */
export interface RankGroup {
  level: RankLevel;
  /** level commune only: the communes of this district */
  district?: string | null | undefined;
}

/** each indicator of the scorecard (SCORE_RATES) and the key of its parameters ($w_, $t_, $b_) in ranking.sql and priority.sql */
const SCORE_PARAM_KEYS = [
  ['sent', 'sent_electronic_rate'], ['signed', 'signed_rate'], ['on_time', 'on_time_rate'],
  ['received', 'received_electronic_rate'], ['processed', 'processed_electronic_rate'],
] as const satisfies readonly (readonly [string, ScoreRate])[];

/** The scorecard as ranking.sql's and priority.sql's parameters (cds_score in rules.sql). */
export function scorecardParams(sc: Scorecard): Record<string, number> {
  const ind = (rate: string) => sc.indicators.find((i) => i.rate === rate);
  const pen = (kind: string) => sc.penalties.find((p) => p.kind === kind)?.points ?? 0;
  const out: Record<string, number> = { p_not_electronic: pen('not_electronic'), p_not_signed: pen('not_signed'), p_late: pen('late'), p_paper_to_office: pen('paper_to_office') };
  for (const [key, rate] of SCORE_PARAM_KEYS) {
    const i = ind(rate);
    out[`w_${key}`] = i?.weight ?? 0;
    out[`t_${key}`] = i?.target ?? 1;
    out[`b_${key}`] = i?.bonus ?? 0;
  }
  return out;
}

export class Figures {
  readonly db: Database;
  readonly cache: FigureCache;
  readonly options: FigureOptions;
  #units: Promise<Unit[]> | undefined;

  constructor(db: Database, cache: FigureCache, options: FigureOptions = DEFAULT_FIGURE_OPTIONS) {
    this.db = db;
    this.cache = cache;
    this.options = options;
  }

  #cached<T>(name: string, params: Params, compute: () => Promise<T>): Promise<T> {
    return this.cache.get(`${name}:${JSON.stringify(params)}`, compute);
  }

  dataRange(): Promise<{ first_month: string | null; last_month: string | null; documents: number }> {
    return this.#cached('data-range', {}, async () => (await this.db.all<{ first_month: string | null; last_month: string | null; documents: number }>(q('data-range')))[0]!);
  }

  units(): Promise<Unit[]> {
    return (this.#units ??= this.db.all<Unit>(q('units')));
  }

  /** The units in force on a date (the map of that day, units-at.sql), cached. */
  unitsAt(date: string): Promise<MapUnit[]> {
    return this.cache.get(`units-at:${date}`, () => this.db.all<MapUnit>(q('units-at'), { as_of: date }));
  }

  /** The map a period is pooled and ranked on (map-of-period.sql), cached with the figures. */
  mapOf(period: Pick<Period, 'from' | 'to'>): Promise<PeriodMap> {
    return this.cache.get(`map-of-period:${period.from}:${period.to}`, async () => (await this.db.all<PeriodMap>(q('map-of-period'), { from: period.from, to: period.to }))[0]!);
  }

  /**
   * A code not in force on `date` that was before (issue 17): its last version's end and its
   * successors; null while it is in force (or before it ever was).
   */
  endedBy(code: string, date: string): Promise<EndedUnit | null> {
    return this.#cached('ended-by', { code, date }, async () => {
      const versions = await this.db.all<{ name: string; valid_from: string | null; valid_to: string | null; successors: EndedUnit['successors'] }>(q('unit-history'), { code });
      if (versions.some((v) => (v.valid_from ?? '0000-01-01') <= date && (v.valid_to ?? '9999-12-31') >= date)) return null;
      const last = versions.filter((v) => v.valid_to !== null && v.valid_to < date).at(-1);
      return last ? { code, name: last.name, valid_to: last.valid_to!, successors: last.successors.map((s) => ({ code: s.code, name: s.name, main: s.main })) } : null;
    });
  }

  async unit(code: string): Promise<Unit> {
    const u = (await this.units()).find((x) => x.code === code);
    if (!u) throw badRequest('unknown_unit', `There is no unit with code "${code}" in the registry.`);
    return u;
  }

  /**
   * A unit as it was on a date (issue 17): its version in force that day, else its last
   * version before it (a unit that had ended), else its first; a 2025 commune reusing an old
   * code is named as in 2025 on the 2025 map and as the old commune before.
   */
  async unitOn(code: string, date: string): Promise<Unit> {
    const u = await this.unit(code);
    const versions = await this.#versions(code);
    const v = versions.find((x) => inForce(x, date)) ?? versions.filter((x) => x.valid_to !== null && x.valid_to < date).at(-1) ?? versions[0];
    if (!v) return u;
    const district = v.level === 'district' ? code : v.level === 'commune' && v.parent_code !== PROVINCE_AREA ? v.parent_code : null;
    return { code, name: v.name, short_name: v.short_name, level: v.level, parent_code: v.parent_code, district_code: district };
  }

  /** The versions of a code, oldest first (unit-versions.sql), cached. */
  #versions(code: string): Promise<UnitVersion[]> {
    return this.#cached('unit-versions', { code }, () => this.db.all<UnitVersion>(q('unit-versions'), { code }));
  }

  /**
   * The part of a period a unit's documents are listed for (issue 17), as /api/rates?unit=
   * counts them: the period itself while the unit is on the map of its last day; for a unit
   * that ended within it, up to its last day (on the map of that day); null when it ended
   * before the period began.
   */
  async unitScope(s: Scope, code: string): Promise<Scope | null> {
    const versions = await this.#versions(code);
    if (versions.some((v) => inForce(v, s.period.to))) return s;
    // as endedBy: its last version that ended before the period's last day
    const end = versions.filter((v) => v.valid_to !== null && v.valid_to < s.period.to).at(-1)?.valid_to;
    if (end === undefined || end === null) return s;
    if (end < s.period.from) return null;
    return { ...s, period: { kind: 'range', label: `${s.period.from}..${end}`, from: s.period.from, to: end } };
  }

  /**
   * An area is the province (38), a level, or a district (its People's Committee and
   * communes); a district or commune named as it was on `date` (unitOn), or as it is now.
   */
  async area(code: string, date?: string): Promise<{ code: string; kind: 'province' | 'level' | 'district' | 'commune'; name: string }> {
    if (code === PROVINCE_AREA) return { code, kind: 'province', name: 'Tỉnh Thanh Hóa' };
    if ((LEVELS as readonly string[]).includes(code)) return { code, kind: 'level', name: LEVEL_NAMES[code as (typeof LEVELS)[number]] };
    const u = (await this.units()).find((x) => x.code === code);
    // a commune is an area too (issue 17): itself, and on a later map the units whose history it took
    if (u?.level === 'commune') {
      if (date !== undefined) return { code, kind: 'commune', name: (await this.unitOn(code, date)).name };
      const latest = (await this.db.all<{ name: string }>(q('unit-latest'), { code }))[0];
      return { code, kind: 'commune', name: latest?.name ?? u.name };
    }
    if (!u || u.level !== 'district') {
      throw badRequest('unknown_area', `Area "${code}" is not ${PROVINCE_AREA} (the province), a level (province, district, commune), a district or a commune code.`);
    }
    return { code, kind: 'district', name: date === undefined ? u.name : (await this.unitOn(code, date)).name };
  }

  ratesByUnit(s: Scope, filter: { level?: string | undefined; unit?: string | undefined }): Promise<UnitRates[]> {
    const params = { ...scopeParams(s), level: filter.level ?? null, unit: filter.unit ?? null, office: this.office };
    return this.#cached('rates-units', params, () => this.db.all(q('rates-units'), params));
  }

  async ratesOfArea(s: Scope, area: string): Promise<AreaRates> {
    return (await this.ratesOfAreas(s, [area])).get(area)!;
  }

  /** Several areas' pooled figures in one query (areas of the registry, as Figures.area checks). */
  async ratesOfAreas(s: Scope, areas: readonly string[]): Promise<Map<string, AreaRates>> {
    if (areas.length === 0) return new Map();
    const params = scopeParams(s);
    const rows = await this.cache.get(`rates-areas:${JSON.stringify({ ...params, areas })}`, () =>
      this.db.withConnection(async (conn) =>
        (await conn.runAndReadAll(q('rates-areas'), { ...params, areas: listValue([...areas]) })).getRowObjectsJS() as unknown as (AreaRates & { code: string })[]),
    );
    const byCode = new Map(rows.map(({ code, ...r }) => [code, r] as const));
    return new Map(areas.map((a) => {
      const r = byCode.get(a);
      if (!r) throw new Error(`Area ${a} has no units in the registry`);
      return [a, r];
    }));
  }

  trend(area: string, fromMonth: string, toMonth: string, asOf: string, includeBaseline: boolean): Promise<({ month: string } & Counts & DirectiveCounts & Omit<AreaCompleteness, 'quarantined_as_out' | 'quarantined_as_late' | 'quarantined_as_in' | 'quarantined_as_completed'>)[]> {
    const params = { area, from: `${fromMonth}-01`, to: `${toMonth}-01`, as_of: asOf, include_baseline: includeBaseline };
    return this.#cached('trend', params, () => this.db.all(q('trend'), params));
  }

  /**
   * A peer group ranked (ranking.sql) under the configured rule for incomplete members and
   * the configured scorecard, or the scorecard given (a frozen period's). Default: the 27 districts.
   */
  ranking(period: Period, asOf: string, group: RankGroup = { level: 'district' }, scorecard: Scorecard = this.options.scorecard): Promise<RankingRow[]> {
    const prev = previousPeriod(period);
    const params = {
      from: period.from, to: period.to, prev_from: prev.from, prev_to: prev.to, as_of: asOf, rule: this.options.incompleteRule,
      level: group.level, district: group.level === 'commune' ? (group.district ?? null) : null, office: this.office, ...scorecardParams(scorecard),
    };
    return this.#cached('ranking', params, () => this.db.all<RankingRow>(q('ranking'), params));
  }

  /**
   * Units in the order an inspection team should check them (priority.sql): those that need
   * checking (`threshold`: settings.priority) first, then more violating documents, then the
   * lower score (the configured scorecard's, as the ranking's). Units of `units` that the registry does not hold are left out.
   */
  priority(s: Scope, units: readonly string[], threshold: { scoreBelow: number; documentsFrom: number }): Promise<PriorityRow[]> {
    if (units.length === 0) return Promise.resolve([]);
    const params = {
      ...scopeParams(s), score_below: threshold.scoreBelow, documents_from: threshold.documentsFrom,
      office: this.office, rule: this.options.incompleteRule, ...scorecardParams(this.options.scorecard),
    };
    return this.cache.get(`priority:${JSON.stringify({ ...params, units })}`, () =>
      this.db.withConnection(async (conn) =>
        (await conn.runAndReadAll(q('priority'), { ...params, units: listValue([...units]) })).getRowObjectsJS() as unknown as PriorityRow[]),
    );
  }

  async milestones(asOf: string): Promise<LevelMilestone[]> {
    const params = { as_of: asOf };
    return this.#cached('milestones', params, async () => {
      const [levels, months] = await Promise.all([
        this.db.all<Record<string, unknown>>(q('milestone-levels'), params),
        this.db.all<Record<string, unknown> & { level: string }>(q('milestone-months'), params),
      ]);
      return LEVELS.map((level) => {
        const phases = levels.filter((r) => r['level'] === level);
        const required = phases.find((r) => r['phase'] === 'required')!;
        const baseline = phases.find((r) => r['phase'] === 'baseline')!;
        const figures = (r: Record<string, unknown>) => pick(r, COUNT_KEYS);
        return {
          level,
          milestone: required['milestone'] as string,
          not_yet_due: required['not_yet_due'] as boolean,
          units: required['units'] as number,
          units_full_compliance: required['units_full_compliance'] as number,
          units_without_outgoing: required['units_without_outgoing'] as number,
          baseline: figures(baseline),
          required: figures(required),
          months: months.filter((m) => m.level === level).map((m) => ({ month: m['month'] as string, ...pick(m, COUNT_KEYS.filter((k) => k !== 'secret_excluded')) })),
        } as LevelMilestone;
      });
    });
  }

  /**
   * The data-quality view: documents with data notes per unit, field and note, and a page of
   * them. Not cached: it is read by administrators, not on every dashboard view.
   */
  async dataNotes(from: string, to: string, unit: string | null, code: string | null, limit: number, offset: number): Promise<Pick<DataNotes, 'groups' | 'total' | 'documents'>> {
    const params = { from, to, unit };
    const [groups, rows] = await Promise.all([
      this.db.all<{ unit_code: string; unit_name: string | null; field: string; code: string; example: string; documents: number }>(q('data-notes-groups'), params),
      this.db.all<Record<string, unknown> & { total: number }>(q('data-notes'), { ...params, code, limit, offset }),
    ]);
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && offset > 0) total = (await this.db.all<{ total: number }>(q('data-notes'), { ...params, code, limit: 1, offset: 0 }))[0]?.total ?? 0;
    return { groups, total, documents: rows.map(({ total: _t, ...r }) => r) as unknown as DataNotes['documents'] };
  }

  /** The Provincial Office, whose paper receipts from provincial bodies are their violations (paper_to_office). */
  get office(): string {
    return this.options.provincialOffice ?? DEFAULT_OFFICE;
  }

  /** The cross-check of self-reports, with paper_to_office (cross-check.sql), and what the office logged unattributed. */
  crossCheck(s: Scope, unit: string | null): Promise<Pick<CrossCheck, 'office' | 'office_unattributed' | 'units'>> {
    const params = { ...scopeParams(s), office: this.office, unit };
    return this.#cached('cross-check', params, async () => {
      const { unit: _u, include_baseline: _b, ...office } = params;
      const [units, unattributed] = await Promise.all([
        this.db.all<CrossCheckRow>(q('cross-check'), params),
        this.db.all<CrossCheck['office_unattributed']>(q('paper-unattributed'), office),
      ]);
      return { office: this.office, office_unattributed: unattributed[0]!, units };
    });
  }

  async violations(s: Scope, unit: string, reason: string | undefined, limit: number, offset: number): Promise<{ total: number; rows: Violation[] }> {
    const params = { ...scopeParams(s), unit, reason: reason ?? null, limit, offset, office: this.office };
    return this.#cached('violations', params, async () => {
      const rows = await this.db.all<Record<string, unknown> & { total: number }>(q('violations'), params);
      let total = rows[0]?.total ?? 0;
      if (rows.length === 0 && offset > 0) {
        total = (await this.db.all<{ total: number }>(q('violations'), { ...params, limit: 1, offset: 0 }))[0]?.total ?? 0;
      }
      return { total, rows: rows.map(({ total: _t, ...r }) => r) as unknown as Violation[] };
    });
  }
}

const COUNT_KEYS = [
  'out_total', 'out_electronic', 'out_signed', 'in_on_time', 'in_late', 'in_pending', 'secret_excluded',
  'sent_electronic_rate', 'signed_rate', 'on_time_rate',
] as const;

const DEFAULT_OFFICE = 'P01';

interface UnitVersion { name: string; short_name: string; level: Unit['level']; parent_code: string; valid_from: string | null; valid_to: string | null }
const inForce = (v: Pick<UnitVersion, 'valid_from' | 'valid_to'>, date: string) => (v.valid_from ?? '0000-01-01') <= date && (v.valid_to ?? '9999-12-31') >= date;

const LEVEL_NAMES = { province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã' } as const;

function pick(r: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, r[k] ?? null]));
}

function scopeParams(s: Scope) {
  return { from: s.period.from, to: s.period.to, as_of: s.asOf, include_baseline: s.includeBaseline };
}
