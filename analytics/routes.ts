import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { badRequest } from '../errors.ts';
import { pageParams, parseQuery } from '../validate.ts';
import { ARROW_STREAM, rowsToArrow } from './arrow.ts';
import type { Figures, Scope } from './figures.ts';
import { quarantineRoutes } from './quarantine-routes.ts';
import { parseDate, parseMonth, periodFrom, todayInVietnam } from './period.ts';

const code = z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9]+$/, 'not a unit or area code');
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const scopeQuery = {
  period: z.string().max(40).optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
  as_of: z.string().max(20).optional(),
  include_baseline: flag.optional(),
};

function scopeOf(q: { period?: string | undefined; from?: string | undefined; to?: string | undefined; as_of?: string | undefined; include_baseline?: boolean | undefined }, now: () => Date): Scope {
  return {
    period: periodFrom(q),
    asOf: q.as_of ? parseDate(q.as_of, 'as_of') : todayInVietnam(now()),
    includeBaseline: q.include_baseline ?? false,
  };
}

function arrow(c: Context, rows: readonly object[], columns: readonly string[]) {
  return c.body(rowsToArrow(rows, columns) as Uint8Array<ArrayBuffer>, 200, { 'content-type': ARROW_STREAM });
}

// The query of each route, built once (zod compiles a schema on first use).
const ratesQuery = z.object({ ...scopeQuery, level: z.enum(['province', 'district', 'commune']).optional(), unit: code.optional(), area: code.optional() });
const trendQuery = z.object({ area: code, from: z.string().max(10), to: z.string().max(10), as_of: z.string().max(20).optional(), include_baseline: flag.optional() });
const rankingQuery = z.object({ period: scopeQuery.period, from: scopeQuery.from, to: scopeQuery.to, as_of: scopeQuery.as_of });
const milestonesQuery = z.object({ as_of: scopeQuery.as_of });
const violationsQuery = z.object({ ...scopeQuery, unit: code, reason: z.enum(['not_electronic', 'not_signed', 'late']).optional(), ...pageParams });
const dataNotesQuery = z.object({
  period: scopeQuery.period, from: scopeQuery.from, to: scopeQuery.to, unit: code.optional(),
  code: z.string().trim().max(60).regex(/^[a-z_]+$/, 'not a note code').optional(), ...pageParams,
});

const scopeJson = (s: Scope) => ({ period: s.period.label, from: s.period.from, to: s.period.to, as_of: s.asOf, include_baseline: s.includeBaseline });

const COLUMNS = ['out_total', 'out_electronic', 'out_signed', 'in_on_time', 'in_late', 'in_pending', 'secret_excluded', 'sent_electronic_rate', 'signed_rate', 'on_time_rate'];
/** how complete each figure is (Completeness in figures.ts) */
const COMPLETENESS = ['quarantined_rows', 'units_without_data', 'complete', 'quarantined_as_out', 'quarantined_as_late'];
const AREA_COMPLETENESS = [...COMPLETENESS, 'quarantined_rows_unknown_unit'];
const MONTH_COMPLETENESS = ['quarantined_rows', 'quarantined_rows_unknown_unit', 'units_without_data', 'complete'];

const wantsArrow = (c: Context) => (c.req.header('accept') ?? '').includes(ARROW_STREAM);

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
async function json(c: Context, figures: Figures, key: unknown, build: () => Promise<unknown>) {
  const body = await figures.cache.get<JsonBody>(`json:${JSON.stringify(key)}`, async () => {
    const plain = new TextEncoder().encode(JSON.stringify(await build()));
    return { plain, gzip: plain.byteLength >= GZIP_FROM_BYTES ? new Uint8Array(await gzipAsync(plain)) : null };
  });
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', vary: 'accept-encoding' };
  if (body.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    return c.body(body.gzip, 200, { ...headers, 'content-encoding': 'gzip' });
  }
  return c.body(body.plain, 200, headers);
}

/** The figures API: units, rates, ranking, milestones, violations, trends. */
export function analyticsRoutes(
  figures: Figures,
  now: () => Date = () => new Date(),
  /** refuses (403) a caller who may not see these units' documents */
  documentGuard: (c: Context, units: string[]) => Promise<void> = async () => undefined,
): Hono {
  const app = new Hono();

  app.get('/units', async (c) => c.json({ units: await figures.units() }));

  app.get('/data-range', async (c) => c.json(await figures.dataRange()));

  app.get('/rates', async (c) => {
    const q = parseQuery(c, ratesQuery);
    const scope = scopeOf(q, now);
    if (q.area !== undefined && (q.unit !== undefined || q.level !== undefined)) {
      throw badRequest('invalid_parameter', 'area= pools units into one figure; it cannot be combined with unit= or level=.');
    }
    if (q.area !== undefined) {
      const area = await figures.area(q.area);
      const figure = async () => ({ code: area.code, name: area.name, area_kind: area.kind, ...(await figures.ratesOfArea(scope, area.code)) });
      if (wantsArrow(c)) return arrow(c, [await figure()], ['code', 'name', 'area_kind', 'units', ...COLUMNS, ...AREA_COMPLETENESS]);
      return json(c, figures, ['rates-area', scopeJson(scope), area.code], async () => ({ ...scopeJson(scope), area: await figure() }));
    }
    if (q.unit !== undefined) await figures.unit(q.unit);
    const units = () => figures.ratesByUnit(scope, { level: q.level, unit: q.unit });
    if (wantsArrow(c)) return arrow(c, await units(), ['code', 'name', 'level', 'parent_code', ...COLUMNS, ...COMPLETENESS]);
    return json(c, figures, ['rates-units', scopeJson(scope), q.level ?? null, q.unit ?? null], async () => ({ ...scopeJson(scope), units: await units() }));
  });

  app.get('/trend', async (c) => {
    const q = parseQuery(c, trendQuery);
    const from = parseMonth(q.from, 'from');
    const to = parseMonth(q.to, 'to');
    if (from > to) throw badRequest('invalid_period', `from (${from}) is after to (${to}).`);
    if ((Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) > 240) {
      throw badRequest('invalid_period', 'A trend covers at most 20 years.');
    }
    const area = await figures.area(q.area);
    const asOf = q.as_of ? parseDate(q.as_of, 'as_of') : todayInVietnam(now());
    const includeBaseline = q.include_baseline ?? false;
    const months = () => figures.trend(area.code, from, to, asOf, includeBaseline);
    if (wantsArrow(c)) return arrow(c, await months(), ['month', ...COLUMNS, ...MONTH_COMPLETENESS]);
    return json(c, figures, ['trend', area.code, from, to, asOf, includeBaseline], async () => ({ area: { code: area.code, name: area.name, kind: area.kind }, from, to, as_of: asOf, months: await months() }));
  });

  app.get('/ranking', async (c) => {
    const q = parseQuery(c, rankingQuery);
    const scope = scopeOf(q, now);
    return json(c, figures, ['ranking', scope.period, scope.asOf], async () => {
      const districts = await figures.ranking(scope.period, scope.asOf);
      return {
        period: scope.period.label, from: scope.period.from, to: scope.period.to, as_of: scope.asOf,
        incomplete_rule: figures.options.incompleteRule,
        // the line under the ranking: how complete the 27 districts' figures are together
        completeness: {
          districts_incomplete: districts.filter((d) => !d.complete).length,
          units_without_data: districts.reduce((n, d) => n + d.units_without_data, 0),
          quarantined_rows: districts.reduce((n, d) => n + d.quarantined_rows, 0),
        },
        districts,
      };
    });
  });

  app.get('/milestones', async (c) => {
    const q = parseQuery(c, milestonesQuery);
    const asOf = q.as_of ? parseDate(q.as_of, 'as_of') : todayInVietnam(now());
    return json(c, figures, ['milestones', asOf], async () => ({ as_of: asOf, levels: await figures.milestones(asOf) }));
  });

  // the quarantine as a work queue: what the completeness of the figures counts
  app.route('/', quarantineRoutes(figures.db));

  app.get('/violations', async (c) => {
    const q = parseQuery(c, violationsQuery);
    const scope = scopeOf(q, now);
    const unit = await figures.unit(q.unit);
    await documentGuard(c, [unit.code]);
    const page = await figures.violations(scope, unit.code, q.reason, q.limit, q.offset);
    return c.json({ ...scopeJson(scope), unit: { code: unit.code, name: unit.name, level: unit.level }, reason: q.reason ?? null, limit: q.limit, offset: q.offset, ...page });
  });

  // the data-quality view: which documents count by a rule for an empty value, per unit
  app.get('/data-notes', async (c) => {
    const q = parseQuery(c, dataNotesQuery);
    const period = q.period || q.from || q.to ? periodFrom(q) : undefined;
    const unit = q.unit ? (await figures.unit(q.unit)).code : null;
    const from = period?.from ?? '2000-01-01';
    const to = period?.to ?? '2100-01-01';
    const page = await figures.dataNotes(from, to, unit, q.code ?? null, q.limit, q.offset);
    return c.json({ period: period?.label ?? null, from: period?.from ?? null, to: period?.to ?? null, unit, code: q.code ?? null, limit: q.limit, offset: q.offset, ...page });
  });

  return app;
}
