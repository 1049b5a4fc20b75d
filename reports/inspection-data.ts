import { listValue } from '@duckdb/node-api';
import { sqlFile } from '../warehouse/sql.ts';
import type { Figures, Scope, Unit } from '../analytics/figures.ts';
import type { Settings } from '../config.ts';
import { badRequest } from '../errors.ts';
import { figureOf, RATE_FIELDS, type Figure } from './monthly-data.ts';
import { ratesOfAreas } from './area-figures.ts';
import { rankByScore } from './ranking.ts';
import type { TeamId } from './team-id.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

export type { TeamId } from './team-id.ts';

/** What an inspection team's workbook covers: its units, their figures and ranks, the documents to check. */

export interface TeamScope {
  id: TeamId;
  name: string;
  lead: string;
  bodies: Unit[];
  districts: Unit[];
  /** a district's communes, in registry order */
  communes: Map<string, Unit[]>;
  /** the communes the team checks directly, under no district (from 1/7/2025), in registry order */
  ownCommunes: Unit[];
  /** every unit whose documents the work list holds, in the order it lists them */
  unitCodes: string[];
  /** the map the units are those of (the period's last day); null: the registry's first versions and the first assignment */
  mapDate: string | null;
}

const ASSIGNMENT_SQL = () => sqlFile(new URL('./queries/team-assignment.sql', import.meta.url));

/**
 * The units of a team, from configuration (settings.teams): its provincial bodies and
 * districts, each district with its communes, and (from 1/7/2025) the communes it checks
 * directly. `all` is every unit, for DIC. With `date` (a period's last day: the map its
 * figures are pooled on), the units of the map in force that day and the team's assignment
 * in force then (issue 17: teams[].assignments); without, the registry's first versions and
 * the first assignment.
 */
export async function teamScope(figures: Figures, settings: Settings, id: TeamId, date?: string): Promise<TeamScope> {
  const units: Unit[] = date === undefined ? await figures.units() : await figures.unitsAt(date);
  let assigned: Set<string>;
  let name: string;
  let lead: string;
  if (id === 'all') {
    assigned = new Set(units.filter((u) => u.level !== 'commune' || u.district_code === null).map((u) => u.code));
    name = 'Tất cả các đơn vị';
    lead = 'Sở Thông tin và Truyền thông';
  } else {
    const team = settings.teams.find((t) => t.id === id);
    if (!team) {
      throw badRequest('unknown_team', `There is no inspection team ${id}; the configured teams are ${settings.teams.map((t) => t.id).join(', ') || 'none'}.`);
    }
    assigned = date === undefined
      ? new Set(team.units)
      : new Set((await figures.db.all<{ code: string }>(ASSIGNMENT_SQL(), { team_id: id, as_of: date })).map((u) => u.code));
    name = team.name;
    lead = team.lead;
  }
  const bodies = units.filter((u) => u.level === 'province' && assigned.has(u.code));
  const districts = units.filter((u) => u.level === 'district' && assigned.has(u.code));
  const communes = new Map(districts.map((d) => [d.code, units.filter((u) => u.level === 'commune' && u.district_code === d.code)]));
  const ownCommunes = units.filter((u) => u.level === 'commune' && u.district_code === null && assigned.has(u.code));
  const unitCodes = [
    ...bodies.map((b) => b.code),
    ...districts.flatMap((d) => [d.code, ...communes.get(d.code)!.map((c) => c.code)]),
    ...ownCommunes.map((c) => c.code),
  ];
  return { id, name: name.normalize('NFC'), lead: lead.normalize('NFC'), bodies, districts, communes, ownCommunes, unitCodes, mapDate: date ?? null };
}

/**
 * The team's units in the order to check them (Figures.priority: settings.priority's
 * threshold for "cần kiểm tra"): the team page's order and the work list's.
 */
export function teamPriority(deps: { figures: Figures; settings: Settings }, team: TeamScope, scope: Scope) {
  return deps.figures.priority(scope, team.unitCodes, deps.settings.priority);
}

export type SummaryKind = 'body' | 'district_area' | 'district_office' | 'commune';

export interface SummaryRow {
  kind: SummaryKind;
  code: string;
  name: string;
  figure: Figure;
  rank: number | null;
  score: number | null;
  /** the peer group the rank is within, in Vietnamese */
  peers: string | null;
  /** why a ranked kind of row has no rank: no rate at all, or incomplete under the unranked rule */
  unranked_reason: 'no_data' | 'incomplete' | null;
  /** a district office's or commune's district */
  district: string | null;
  /** a provincial body's paper logged by the Provincial Office after its milestone (0 for the others) */
  paper_to_office: number;
}

/** The target of the directive: from the milestone on, every document (100 %). */
export const TARGET = 1;

/** A unit is below target when any of its rates (that has data) is below it. */
export function belowTarget(f: Figure, target = TARGET): boolean {
  return RATE_FIELDS.some((k) => f[k] !== null && f[k]! < target);
}

/**
 * The summary of a team's units: provincial bodies (ranked among all provincial bodies),
 * districts as areas (the /api/ranking rank among the 27, 26 from 1/12/2024), then each
 * district's People's Committee on its own and its communes (ranked among the communes of
 * that district); from 1/7/2025 (no district level) the communes the team checks directly,
 * ranked among the communes of the province as /api/ranking ranks them.
 */
export async function summaryRows(figures: Figures, team: TeamScope, scope: Scope): Promise<SummaryRow[]> {
  const [units, ranking, provinceCommunes, areas] = await Promise.all([
    // every unit's rates in one query (rates-units.sql works them out for every unit and
    // then keeps a level's: one query instead of three), each level's in the order of its own
    figures.ratesByUnit(scope, {}),
    team.districts.length > 0 ? figures.ranking(scope.period, scope.asOf, { level: 'district' }) : Promise.resolve([]),
    team.ownCommunes.length > 0 ? figures.ranking(scope.period, scope.asOf, { level: 'commune' }) : Promise.resolve([]),
    ratesOfAreas(figures, scope, team.districts.map((d) => d.code)),
  ]);
  const bodies = units.filter((u) => u.level === 'province');
  const offices = units.filter((u) => u.level === 'district');
  const communes = units.filter((u) => u.level === 'commune');
  const areaFigure = new Map([...areas].map(([code, c]) => [code, figureOf(c)]));
  // the same rule for incomplete units as the districts' ranking
  const rule = figures.options.incompleteRule;
  const bodyRank = rankByScore(bodies, rule, figures.options.scorecard);
  const districtRank = new Map(ranking.map((r) => [r.code, r]));
  const communeRank = new Map(provinceCommunes.map((r) => [r.code, r]));
  const byCode = <T extends { code: string }>(rows: T[]) => new Map(rows.map((r) => [r.code, r]));
  const bodyRows = byCode(bodies);
  const officeRows = byCode(offices);
  const communeRows = byCode(communes);

  const out: SummaryRow[] = [];
  for (const b of team.bodies) {
    const r = bodyRank.get(b.code);
    out.push({ kind: 'body', code: b.code, name: b.name, figure: figureOf(bodyRows.get(b.code)!), rank: r?.rank ?? null, score: r?.score ?? null, peers: `trong ${bodies.length} cơ quan cấp tỉnh`, unranked_reason: r?.unranked_reason ?? null, district: null, paper_to_office: bodyRows.get(b.code)!.paper_to_office });
  }
  for (const d of team.districts) {
    const r = districtRank.get(d.code);
    out.push({ kind: 'district_area', code: d.code, name: d.name, figure: areaFigure.get(d.code)!, rank: r?.rank ?? null, score: r?.score ?? null, peers: `trong ${ranking.length} huyện, thị xã, thành phố`, unranked_reason: r?.unranked_reason ?? null, district: null, paper_to_office: 0 });
  }
  for (const d of team.districts) {
    out.push({ kind: 'district_office', code: d.code, name: `UBND ${d.name.charAt(0).toLocaleLowerCase('vi')}${d.name.slice(1)}`, figure: figureOf(officeRows.get(d.code)!), rank: null, score: null, peers: null, unranked_reason: null, district: d.code, paper_to_office: 0 });
    const list = team.communes.get(d.code)!;
    const ranks = rankByScore(list.map((c) => communeRows.get(c.code)!), rule, figures.options.scorecard);
    for (const c of list) {
      const r = ranks.get(c.code);
      out.push({ kind: 'commune', code: c.code, name: c.name, figure: figureOf(communeRows.get(c.code)!), rank: r?.rank ?? null, score: r?.score ?? null, peers: `trong ${list.length} xã của ${d.name}`, unranked_reason: r?.unranked_reason ?? null, district: d.code, paper_to_office: 0 });
    }
  }
  for (const c of team.ownCommunes) {
    const r = communeRank.get(c.code);
    out.push({ kind: 'commune', code: c.code, name: c.name, figure: figureOf(communeRows.get(c.code)!), rank: r?.rank ?? null, score: r?.score ?? null, peers: `trong ${provinceCommunes.length} xã, phường của tỉnh`, unranked_reason: r?.unranked_reason ?? null, district: null, paper_to_office: 0 });
  }
  return out;
}

/** The rows that cover every unit of the team once: bodies, district areas, and the communes under no district. */
const covering = (r: SummaryRow) => r.kind === 'body' || r.kind === 'district_area' || (r.kind === 'commune' && r.district === null);

/** How complete the team's figures are: bodies and district areas cover every unit of the team once. */
export function teamCompleteness(rows: readonly SummaryRow[]): { units_without_data: number; quarantined_rows: number } {
  const top = rows.filter(covering);
  return {
    units_without_data: top.reduce((n, r) => n + (r.figure.units_without_data ?? 0), 0),
    quarantined_rows: top.reduce((n, r) => n + (r.figure.quarantined_rows ?? 0), 0),
  };
}

/** How many documents of each reason the work list holds, from the figures (they reconcile by definition). */
export function reasonCounts(rows: readonly SummaryRow[]): { not_electronic: number; not_signed: number; late: number; paper_to_office: number } {
  // bodies, district areas and the communes under no district cover every unit of the team exactly once
  const top = rows.filter(covering);
  return {
    not_electronic: top.reduce((n, r) => n + r.figure.out_total - r.figure.out_electronic, 0),
    not_signed: top.reduce((n, r) => n + r.figure.out_total - r.figure.out_signed, 0),
    late: top.reduce((n, r) => n + r.figure.in_late, 0),
    paper_to_office: top.reduce((n, r) => n + r.paper_to_office, 0),
  };
}

export interface Violation {
  unit_code: string;
  doc_id: string;
  direction: string;
  number: string | null;
  doc_type: string | null;
  doc_date: string | null;
  event_date: string;
  deadline: string | null;
  completed_time: string | null;
  reasons: string[];
  file: string | null;
  row_no: number;
  /** what the load decided about the document's empty or unreadable values (documents.notes), or null */
  notes: string | null;
  /** the source (settings.sources' id) whose run loaded the document */
  source_id: string;
  /** when it was sent or received (ISO 8601, UTC) */
  event_time: string;
  /** the unit whose violation it is: unit_code, or for paper_to_office the provincial body that sent it */
  listed_for: string;
}

const VIOLATIONS_SQL = () => sqlFile(new URL('./queries/inspection-violations.sql', import.meta.url));

/**
 * A document as inspection-violations.sql hands it over (as JSON): the fields of Violation
 * in its order, with the reasons as the codes comma-separated.
 */
export type ListedDocument = [
  unit_code: string, doc_id: string, direction: string, number: string | null, doc_type: string | null, doc_date: string | null,
  event_date: string, deadline: string | null, completed_time: string | null, reasons: string, file: string | null, row_no: number,
  notes: string | null, source_id: string, event_time: string, listed_for: string,
];

/** A listed document as a Violation. */
export function violationOf(d: ListedDocument): Violation {
  return {
    unit_code: d[0], doc_id: d[1], direction: d[2], number: d[3], doc_type: d[4], doc_date: d[5], event_date: d[6],
    deadline: d[7], completed_time: d[8], reasons: d[9].split(','), file: d[10], row_no: d[11], notes: d[12] ?? null, source_id: d[13], event_time: d[14], listed_for: d[15],
  };
}

/** The documents of a work list as they come from the database, a chunk at a time. */
export interface ViolationStream {
  /** Calls onChunk with each chunk in order (DuckDB's, 2,048 documents), waiting for what it returns; once only. */
  forEach(onChunk: (docs: ListedDocument[]) => void | Promise<void>): Promise<void>;
  /** Releases the connection (also when the stream was never read); always call it. */
  close(): Promise<void>;
}

/**
 * Starts the query of the documents behind the figures of the given units, and returns at
 * once: DuckDB runs it (finds, sorts) in its own threads while the caller does other work,
 * such as writing the summary. The rows are then streamed chunk by chunk, so a work list
 * of 100,000 documents never sits in memory at once. A document comes as one JSON string
 * (see the query): handing over twelve values per document one by one took longer than
 * writing them into the workbook.
 */
export function startViolations(ctx: Warehouse, unitCodes: readonly string[], scope: Scope, office: string): ViolationStream {
  if (unitCodes.length === 0) return { forEach: async () => undefined, close: async () => undefined };
  const stream = ctx.db.stream(VIOLATIONS_SQL(), {
    units: listValue([...unitCodes]),
    office,
    from: scope.period.from,
    to: scope.period.to,
    as_of: scope.asOf,
    include_baseline: scope.includeBaseline,
  });
  return {
    async forEach(onChunk) {
      for await (const chunk of stream.chunks()) {
        const json = chunk.getColumnVector(0);
        const docs: ListedDocument[] = new Array(chunk.rowCount);
        for (let i = 0; i < chunk.rowCount; i++) docs[i] = JSON.parse(json.getItem(i) as string) as ListedDocument;
        await onChunk(docs);
      }
    },
    close: () => stream.close(),
  };
}

/** Streams the documents behind the figures of the given units, chunk by chunk (startViolations, read at once). */
export async function streamViolations(ctx: Warehouse, unitCodes: readonly string[], scope: Scope, office: string, onChunk: (rows: Violation[]) => void | Promise<void>): Promise<void> {
  const stream = startViolations(ctx, unitCodes, scope, office);
  try {
    await stream.forEach((docs) => onChunk(docs.map(violationOf)));
  } finally {
    await stream.close();
  }
}
