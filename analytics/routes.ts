import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { apiRoute, apiRouter, EVERYONE, jsonResponse, STAFF } from '../api/route.ts';
import { badRequest } from '../errors.ts';
import { pageParams } from '../validate.ts';
import { ARROW_STREAM, rowsToArrow } from './arrow.ts';
import type { Figures } from './figures.ts';
import { mapRoutes } from './map-routes.ts';
import { quarantineRoutes } from './quarantine-routes.ts';
import { periodFrom } from './period.ts';
import { asOfOf, rankingNotes, scopeJson, scopeOf, trendMonths } from './route-scope.ts';
import {
  areaRatesResponse, crossCheckResponse, dataNotesResponse, VIOLATION_REASONS, dataRangeResponse, milestonesResponse, rankingResponse, trendResponse, unitRatesResponse, violationsResponse,
} from './schemas.ts';

const code = z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9]+$/, 'not a unit or area code');
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const scopeQuery = {
  period: z.string().max(40).optional().describe('2020-10 (a month), 2020-Q4, 2020-6M, 2020-9M, 2020; or from= and to='),
  from: z.string().max(20).optional().describe('first day, YYYY-MM-DD (with to=, instead of period=)'),
  to: z.string().max(20).optional().describe('last day, YYYY-MM-DD, inclusive'),
  as_of: z.string().max(20).optional().describe('figures as they stood at the end of this day (YYYY-MM-DD); default: today in Vietnam'),
  include_baseline: flag.optional().describe('count documents before each level\'s milestone too (default false)'),
};

function arrow(c: Context, rows: readonly object[], columns: readonly string[]) {
  return c.body(rowsToArrow(rows, columns) as Uint8Array<ArrayBuffer>, 200, { 'content-type': ARROW_STREAM });
}

// The query of each route, built once (zod compiles a schema on first use).
const ratesQuery = z.object({
  ...scopeQuery,
  level: z.enum(['province', 'district', 'commune']).optional().describe('only the units of this level'),
  unit: code.optional().describe('only this unit'),
  area: code.optional().describe('one pooled figure: 38 (the province), a level, or a district code; not with unit= or level='),
});
const trendQuery = z.object({
  area: code.describe('38 (the province), a level, or a district code'),
  from: z.string().max(10).describe('first month, YYYY-MM'),
  to: z.string().max(10).describe('last month, YYYY-MM (at most 20 years after from)'),
  as_of: scopeQuery.as_of, include_baseline: scopeQuery.include_baseline,
});
const rankingQuery = z.object({
  period: scopeQuery.period, from: scopeQuery.from, to: scopeQuery.to, as_of: scopeQuery.as_of,
  level: z.enum(['province', 'district', 'commune']).optional().describe('the peer group: district (the district areas: 27, 26 from 1/12/2024, none from 1/7/2025), province (the 20 provincial bodies), commune (the communes: 559, 166 from 1/7/2025); default the level the map of the period\'s end ranks (map.ranked_level: district, or commune from 1/7/2025)'),
  district: code.optional().describe('with level=commune: only the communes of this district'),
});
const milestonesQuery = z.object({ as_of: scopeQuery.as_of });
const violationsQuery = z.object({
  ...scopeQuery,
  unit: code.describe('the unit whose documents to list'),
  reason: z.enum(VIOLATION_REASONS).optional().describe('only documents with this reason'),
  ...pageParams,
});
const crossCheckQuery = z.object({ ...scopeQuery, unit: code.optional().describe('only this unit') });
const dataNotesQuery = z.object({
  period: scopeQuery.period, from: scopeQuery.from, to: scopeQuery.to,
  unit: code.optional().describe('only this unit'),
  code: z.string().trim().max(60).regex(/^[a-z_]+$/, 'not a note code').optional().describe('only documents with this note, e.g. empty_counted_not_signed'),
  ...pageParams,
});

const arrowStream = {
  schema: z.string().openapi({
    format: 'binary',
    description: 'With `Accept: application/vnd.apache.arrow.stream`: the same rows as an Arrow IPC stream (one row per unit, area or month).',
  }),
};

const routes = {
  dataRange: apiRoute({
    method: 'get', path: '/data-range', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Khoảng thời gian có dữ liệu',
    summary: 'The months the warehouse holds documents for',
    responses: { 200: jsonResponse(dataRangeResponse, 'The first and last month with documents, and how many documents') },
  }),
  rates: apiRoute({
    method: 'get', path: '/rates', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Tỉ lệ theo đơn vị, theo địa bàn',
    summary: 'Rates per unit, or of one pooled area',
    description: 'One object per unit (`units`), or with `area=` one pooled figure (`area`: sums of numerators over sums of denominators), each with how complete it is.',
    request: { query: ratesQuery },
    responses: {
      200: {
        description: 'The units\' figures, or the area\'s',
        content: { 'application/json': { schema: z.union([unitRatesResponse, areaRatesResponse]) }, [ARROW_STREAM]: arrowStream },
      },
    },
  }),
  trend: apiRoute({
    method: 'get', path: '/trend', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Diễn biến theo tháng',
    summary: 'Monthly pooled figures of an area',
    request: { query: trendQuery },
    responses: { 200: { description: 'Each month\'s figures with its completeness', content: { 'application/json': { schema: trendResponse }, [ARROW_STREAM]: arrowStream } } },
  }),
  ranking: apiRoute({
    method: 'get', path: '/ranking', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Xếp hạng theo cấp',
    summary: 'One level\'s units in rank order',
    description: 'The 27 districts (default, each on its area\'s pooled figures), the 20 provincial bodies (`level=province`) or the communes (`level=commune`, of one district with `district=`), each level from its milestone. Score = the scorecard\'s (by default the mean of the three rates); ties share a rank; members without any rate are unranked and listed last. Incomplete members follow `incomplete_rule` (README: Completeness).',
    request: { query: rankingQuery },
    responses: { 200: jsonResponse(rankingResponse, 'The ranking, with the line under it') },
  }),
  milestones: apiRoute({
    method: 'get', path: '/milestones', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Mốc thời gian theo cấp',
    summary: 'Each level against its milestone',
    request: { query: milestonesQuery },
    responses: { 200: jsonResponse(milestonesResponse, 'Per level: milestone, units at 100 %, baseline and required-phase figures, months since') },
  }),
  violations: apiRoute({
    method: 'get', path: '/violations', roles: EVERYONE, documentScope: true, audit: null, tag: 'figures', vi: 'Văn bản chưa đạt',
    summary: 'The documents behind a unit\'s figures',
    description: 'Outgoing on paper only (`not_electronic`), outgoing not signed (`not_signed`), incoming late (`late`), and for a provincial body the paper the Provincial Office logged from it on or after its milestone (`paper_to_office`, the document as it is at the office), each with its data notes and the file and row it was loaded from. Secret documents are never listed. The documents are those the unit\'s figures (`/api/rates?unit=`) count, on the map of the period\'s last day: a document carrying another code (an ended code the unit succeeded, an old commune a 2025 commune was formed from) is listed under the unit with a note (`counted_for_unit`) naming the code it carries; a unit that ended within the period, its documents up to its last day.',
    request: { query: violationsQuery },
    responses: { 200: jsonResponse(violationsResponse, 'A page of the unit\'s violating documents') },
  }),
  crossCheck: apiRoute({
    method: 'get', path: '/cross-check', roles: STAFF, audit: null, tag: 'figures', vi: 'Đối chiếu tự báo cáo',
    summary: 'Each unit\'s self-reported sending against the paper its recipients logged from it',
    description: 'Per unit of the registry: its own outgoing counts and sent-electronically rate, the incoming documents on paper that other units logged from it (`receipts_on_paper`, by the sender recorded in their registers), of them those at the Provincial Office after its milestone (`paper_to_office`), and `contradicted` when its register claims 100 % while recipients logged paper. Contradicted units first.',
    request: { query: crossCheckQuery },
    responses: { 200: jsonResponse(crossCheckResponse, 'The cross-check, per unit') },
  }),
  dataNotes: apiRoute({
    method: 'get', path: '/data-notes', roles: STAFF, audit: null, tag: 'quality', vi: 'Ô trống',
    summary: 'Documents counted by a rule for an empty or unreadable value',
    description: 'Per unit, field and note, and a page of the documents with their notes, file and row. Without a period, every business date.',
    request: { query: dataNotesQuery },
    responses: { 200: jsonResponse(dataNotesResponse, 'The groups and a page of documents') },
  }),
};

const COLUMNS = [
  'out_total', 'out_electronic', 'out_signed', 'in_on_time', 'in_late', 'in_pending', 'secret_excluded', 'sent_electronic_rate', 'signed_rate', 'on_time_rate',
  // the received and processed rates (directiveShape in schemas.ts)
  'in_total', 'in_electronic', 'received_electronic_rate', 'in_completed', 'in_processed_electronic', 'in_completed_unrecorded', 'processed_electronic_rate',
];
/** how complete each figure is (Completeness in figures.ts) */
const COMPLETENESS = ['quarantined_rows', 'units_without_data', 'complete', 'quarantined_as_out', 'quarantined_as_late', 'quarantined_as_in', 'quarantined_as_completed'];
const AREA_COMPLETENESS = [...COMPLETENESS, 'quarantined_rows_unknown_unit'];
const MONTH_COMPLETENESS = ['quarantined_rows', 'quarantined_rows_unknown_unit', 'units_without_data', 'complete', 'carried_units'];
/** a unit's row of /rates as an Arrow stream */
const UNIT_ROW = ['code', 'name', 'level', 'parent_code', ...COLUMNS, ...COMPLETENESS, 'paper_to_office'];

const wantsArrow = (c: Context) => (c.req.header('accept') ?? '').includes(ARROW_STREAM);

/** The bytes are build()'s result serialised: the route's declared response type is checked against it. */
type JsonOf<T> = Response & TypedResponse<JSONParsed<T>, 200, 'json'>;

/** A figure's JSON as UTF-8, and gzipped for the clients that accept it (every browser). */
interface JsonBody {
  plain: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer> | null;
}

const gzipAsync = promisify(gzip);
const GZIP_FROM_BYTES = 1_024;

/**
 * A figure's JSON, serialised, encoded and compressed once per rebuild: the figures only
 * change with a rebuild (which drops the cache), and serialising, encoding and sending the
 * larger tables (the communes' rates are 140 KB, 15 KB gzipped) was most of a cached
 * request's cost. `key` must hold everything the body depends on (the resolved scope).
 */
async function json<T>(c: Context, figures: Figures, key: unknown, build: () => Promise<T>): Promise<JsonOf<T>> {
  const body = await figures.cache.get<JsonBody>(`json:${JSON.stringify(key)}`, async () => {
    const plain = new TextEncoder().encode(JSON.stringify(await build()));
    return { plain, gzip: plain.byteLength >= GZIP_FROM_BYTES ? new Uint8Array(await gzipAsync(plain)) : null };
  });
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', vary: 'accept-encoding' };
  if (body.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    return c.body(body.gzip, 200, { ...headers, 'content-encoding': 'gzip' }) as unknown as JsonOf<T>;
  }
  return c.body(body.plain, 200, headers) as unknown as JsonOf<T>;
}

/** The figures API: units, rates, ranking, milestones, violations, trends. */
export function analyticsRoutes(
  figures: Figures,
  now: () => Date = () => new Date(),
  /** refuses (403) a caller who may not see these units' documents (in the period: as assigned then, issue 17) */
  documentGuard: (c: Context, units: string[], period?: { from: string; to: string }) => Promise<void> = async () => undefined,
) {
  const app = apiRouter();

  // GET /api/units (?as_of: the map of a date) and /api/units/{code}/history (issue 17)
  app.route('/', mapRoutes(figures));

  app.openapi(routes.dataRange, async (c) => c.json(await figures.dataRange(), 200));

  app.openapi(routes.rates, async (c) => {
    const q = c.req.valid('query');
    const scope = scopeOf(q, now);
    if (q.area !== undefined && (q.unit !== undefined || q.level !== undefined)) {
      throw badRequest('invalid_parameter', 'area= pools units into one figure; it cannot be combined with unit= or level=.');
    }
    if (q.area !== undefined) {
      // a district or commune named as on the period's last day (a 2025 commune reusing an old code)
      const area = await figures.area(q.area, scope.period.to);
      const figure = async () => ({ code: area.code, name: area.name, area_kind: area.kind, ...(await figures.ratesOfArea(scope, area.code)) });
      if (wantsArrow(c)) return arrow(c, [await figure()], ['code', 'name', 'area_kind', 'units', ...COLUMNS, ...AREA_COMPLETENESS]);
      return json(c, figures, ['rates-area', scopeJson(scope), area.code], async () => ({ ...scopeJson(scope), area: await figure() }));
    }
    if (q.unit !== undefined) {
      // one unit: on the map of the period's end, or (issue 17) ended by then, with its
      // figures for the days of the period it existed, and where it went
      await figures.unit(q.unit);
      const ended = await figures.endedBy(q.unit, scope.period.to);
      const units = () => (ended === null
        ? figures.ratesByUnit(scope, { level: q.level, unit: q.unit })
        : ended.valid_to < scope.period.from
          ? Promise.resolve([])
          : figures.ratesByUnit({ ...scope, period: { kind: 'range', label: `${scope.period.from}..${ended.valid_to}`, from: scope.period.from, to: ended.valid_to } }, { level: q.level, unit: q.unit }));
      if (wantsArrow(c)) return arrow(c, await units(), UNIT_ROW);
      return json(c, figures, ['rates-unit', scopeJson(scope), q.level ?? null, q.unit], async () => ({ ...scopeJson(scope), units: await units(), ended }));
    }
    const units = () => figures.ratesByUnit(scope, { level: q.level });
    if (wantsArrow(c)) return arrow(c, await units(), UNIT_ROW);
    return json(c, figures, ['rates-units', scopeJson(scope), q.level ?? null, null], async () => ({ ...scopeJson(scope), units: await units() }));
  });

  app.openapi(routes.trend, async (c) => {
    const q = c.req.valid('query');
    const { from, to } = trendMonths(q);
    const area = await figures.area(q.area);
    const asOf = asOfOf(q.as_of, now);
    const includeBaseline = q.include_baseline ?? false;
    const months = () => figures.trend(area.code, from, to, asOf, includeBaseline);
    if (wantsArrow(c)) return arrow(c, await months(), ['month', ...COLUMNS, ...MONTH_COMPLETENESS]);
    return json(c, figures, ['trend', area.code, from, to, asOf, includeBaseline], async () => ({ area: { code: area.code, name: area.name, kind: area.kind }, from, to, as_of: asOf, months: await months() }));
  });

  app.openapi(routes.ranking, async (c) => {
    const q = c.req.valid('query');
    const scope = scopeOf(q, now);
    // the map the period is pooled on (issue 17): without level=, the level it ranks (the
    // districts, or on the map from 1/7/2025 the communes); level=district then has no members
    // cached with the figures: it was a query on every request (bench: ranking p95 10 → 135 ms)
    const map = await figures.mapOf(scope.period);
    const level = q.level ?? map.ranked_level;
    if (q.district !== undefined && level !== 'commune') {
      throw badRequest('invalid_parameter', 'district= chooses the communes of a district; it needs level=commune.');
    }
    const area = q.district === undefined ? null : await figures.area(q.district);
    if (area !== null && area.kind !== 'district') throw badRequest('unknown_area', `"${area.code}" is not a district code.`);
    const district = area?.code ?? null;
    return json(c, figures, ['ranking', scope.period, scope.asOf, level, district], async () => {
      const units = await figures.ranking(scope.period, scope.asOf, { level, district });
      return {
        period: scope.period.label, from: scope.period.from, to: scope.period.to, as_of: scope.asOf,
        level, district,
        ...rankingNotes(units, figures.options.incompleteRule, figures.options.scorecard),
        map,
        units,
      };
    });
  });

  app.openapi(routes.milestones, async (c) => {
    const q = c.req.valid('query');
    const asOf = asOfOf(q.as_of, now);
    return json(c, figures, ['milestones', asOf], async () => ({ as_of: asOf, levels: await figures.milestones(asOf) }));
  });

  // the quarantine as a work queue: what the completeness of the figures counts
  app.route('/', quarantineRoutes(figures.db));

  app.openapi(routes.violations, async (c) => {
    const q = c.req.valid('query');
    const scope = scopeOf(q, now);
    // named as on the period's last day; its documents those its figures count (issue 17)
    const unit = await figures.unitOn(q.unit, scope.period.to);
    await documentGuard(c, [unit.code], scope.period);
    const listed = await figures.unitScope(scope, unit.code);
    const page = listed === null ? { total: 0, rows: [] } : await figures.violations(listed, unit.code, q.reason, q.limit, q.offset);
    return c.json({ ...scopeJson(scope), unit: { code: unit.code, name: unit.name, level: unit.level }, reason: q.reason ?? null, limit: q.limit, offset: q.offset, ...page }, 200);
  });

  app.openapi(routes.crossCheck, async (c) => {
    const q = c.req.valid('query');
    const scope = scopeOf(q, now);
    const unit = q.unit === undefined ? null : (await figures.unit(q.unit)).code;
    return c.json({ ...scopeJson(scope), ...(await figures.crossCheck(scope, unit)) }, 200);
  });

  // the data-quality view: which documents count by a rule for an empty value, per unit
  app.openapi(routes.dataNotes, async (c) => {
    const q = c.req.valid('query');
    const period = q.period || q.from || q.to ? periodFrom(q) : undefined;
    const unit = q.unit ? (await figures.unit(q.unit)).code : null;
    const from = period?.from ?? '2000-01-01';
    const to = period?.to ?? '2100-01-01';
    const page = await figures.dataNotes(from, to, unit, q.code ?? null, q.limit, q.offset);
    return c.json({ period: period?.label ?? null, from: period?.from ?? null, to: period?.to ?? null, unit, code: q.code ?? null, limit: q.limit, offset: q.offset, ...page }, 200);
  });

  return app;
}
