import { z } from '@hono/zod-openapi';
import { apiRoute, apiRouter, EVERYONE, jsonResponse } from '../api/route.ts';
import { asOfOf, rankingNotes, scopeJson, scopeOf, trendMonths } from '../analytics/route-scope.ts';
import { unitsResponse } from '../analytics/schemas.ts';
import { badRequest } from '../errors.ts';
import { monthBounds } from '../time.ts';
import { freshnessResponse } from '../ingest/freshness.ts';
import { COUNTRY_AREA, NATIONAL_LEVELS, type NationalFigures } from './figures.ts';
import { nationalAreaResponse, nationalDataRangeResponse, nationalRankingResponse, nationalTrendResponse } from './schemas.ts';

const code = z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9]+$/, 'not an area code');
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const period = z.string().max(40).optional().describe('2020-10 (a month), 2020-Q4, 2020-6M, 2020-9M, 2020');
const asOf = z.string().max(20).optional().describe('bounds the months read (YYYY-MM-DD; default today in Vietnam); each province\'s counts are as of its publication');
const LEVEL_NAMES: Record<string, string> = { province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã' };

const routes = {
  dataRange: apiRoute({
    method: 'get', path: '/data-range', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Khoảng thời gian có dữ liệu (toàn quốc)',
    summary: 'The months the national warehouse holds, and the provinces that published them',
    responses: { 200: jsonResponse(nationalDataRangeResponse, 'The first and last month, the documents counted, the provinces') },
  }),
  units: apiRoute({
    method: 'get', path: '/units', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Danh sách tỉnh',
    summary: 'The provinces that published and those the roster expects, as the units of the national warehouse',
    responses: { 200: jsonResponse(unitsResponse, 'One unit per province (level province, parent VN), in code order') },
  }),
  freshness: apiRoute({
    method: 'get', path: '/freshness', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Độ mới của số liệu (toàn quốc)',
    summary: 'How fresh the provinces\' publications are',
    description: '`fresh_through`: the earliest day through which every province has published: for each, its cut-off (as_of) or, when earlier, the last day of its last month published; `last_success_at`: the latest publication.',
    responses: { 200: jsonResponse(freshnessResponse, 'The freshness of the publications') },
  }),
  rates: apiRoute({
    method: 'get', path: '/rates', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Tỉ lệ toàn quốc, theo tỉnh, theo cấp',
    summary: 'One pooled figure of the country, a province or a level across the country',
    request: {
      query: z.object({
        period, as_of: asOf,
        area: code.describe('VN (the country), a province\'s code, or a level (province, district, commune) across the country'),
        include_baseline: flag.optional().describe('count documents before each level\'s milestone too (default false)'),
      }),
    },
    responses: { 200: jsonResponse(nationalAreaResponse, 'The area\'s pooled figure') },
  }),
  trend: apiRoute({
    method: 'get', path: '/trend', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Diễn biến theo tháng (toàn quốc)',
    summary: 'Monthly pooled figures of the country, a province or a level',
    request: {
      query: z.object({
        area: code.describe('VN, a province\'s code, or a level'),
        from: z.string().max(10).describe('first month, YYYY-MM'), to: z.string().max(10).describe('last month, YYYY-MM'),
        as_of: asOf, include_baseline: flag.optional(),
      }),
    },
    responses: { 200: jsonResponse(nationalTrendResponse, 'Each month\'s figures with its completeness') },
  }),
  ranking: apiRoute({
    method: 'get', path: '/ranking', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Xếp hạng các tỉnh',
    summary: 'The provinces in rank order, by the province\'s own rules',
    description: 'Each province on its pooled figures; the score is the scorecard\'s, ties share a rank, members without any rate are unranked and listed last, previous_rank is the rank in the previous period (analytics/queries/ranking.sql).',
    request: { query: z.object({ period, as_of: asOf, level: z.enum(['province']).optional().describe('province (the only level ranked nationally)') }) },
    responses: { 200: jsonResponse(nationalRankingResponse, 'The provinces ranked') },
  }),
};

/** The national warehouse's API (README "National roll-up"): the routes the dashboard's overview and ranking read. */
export function nationalRoutes(figures: NationalFigures, now: () => Date = () => new Date()) {
  const app = apiRouter();
  const area = async (c: string): Promise<{ code: string; name: string; kind: 'country' | 'province' | 'level' }> => {
    if (c === COUNTRY_AREA) return { code: c, name: 'Toàn quốc', kind: 'country' };
    if ((NATIONAL_LEVELS as readonly string[]).includes(c)) return { code: c, name: LEVEL_NAMES[c]!, kind: 'level' };
    const p = (await figures.provinces()).find((x) => x.province === c);
    if (p) return { code: c, name: p.name, kind: 'province' };
    // a province expected that has not published: its figure is empty and not complete
    const expected = (await figures.unpublishedProvinces()).find((x) => x.code === c);
    if (!expected) throw badRequest('unknown_area', `Area "${c}" is not VN (the country), a level (province, district, commune) or the code of a province that published or is expected to.`);
    return { code: c, name: expected.name, kind: 'province' };
  };

  app.openapi(routes.dataRange, async (c) => {
    const [range, provinces, unpublished, list, mismatches] = await Promise.all([
      figures.dataRange(), figures.provinces(), figures.unpublishedProvinces(), figures.roster(), figures.registryMismatches()]);
    const registry = (code: string) => {
      const m = mismatches.find((x) => x.province === code);
      return m ? { expected: m.expected, registered: m.registered, month: m.month } : null;
    };
    return c.json({
      ...range,
      national: {
        country: 'VN' as const,
        provinces: provinces.map((p) => ({
          code: p.province, name: p.name, as_of: p.as_of, published_at: p.published_at, map_version: p.map_version,
          first_month: p.first_month, last_month: p.last_month, months: p.months, registry_mismatch: registry(p.province),
        })),
        expected: list.filter((p) => p.expected).length,
        roster: list.length,
        unpublished,
      },
    }, 200);
  });

  app.openapi(routes.units, async (c) => {
    const [provinces, unpublished] = await Promise.all([figures.provinces(), figures.unpublishedProvinces()]);
    const units = [...provinces.map((p) => ({ code: p.province, name: p.name })), ...unpublished]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((p) => ({ code: p.code, name: p.name, short_name: p.name, level: 'province' as const, parent_code: COUNTRY_AREA, district_code: null }));
    return c.json({ units }, 200);
  });

  app.openapi(routes.freshness, async (c) => {
    const provinces = await figures.provinces();
    // a province's counts reach its cut-off only through its last month published: one that
    // published to 15/01/2026 with nothing of January has published through 31/12/2025,
    // and the dashboard's default month must not be one it has not published
    const asOfs = provinces.map((p) => {
      const lastDay = p.last_month ? monthBounds(p.last_month).last : null;
      return lastDay !== null && lastDay < p.as_of ? lastDay : p.as_of;
    }).sort();
    const published = provinces.map((p) => new Date(p.published_at).toISOString()).sort();
    // never_succeeded: the provinces expected that have published nothing (as sources that never delivered)
    const neverPublished = (await figures.unpublishedProvinces()).length;
    return c.json({ fresh_through: asOfs[0] ?? null, last_success_at: published.at(-1) ?? null, never_succeeded: neverPublished, stale: 0 }, 200);
  });

  app.openapi(routes.rates, async (c) => {
    const q = c.req.valid('query');
    const scope = scopeOf(q, now);
    const a = await area(q.area);
    const figure = (await figures.rates(scope, [a.code])).get(a.code)!;
    return c.json({ ...scopeJson(scope), area: { ...figure, code: a.code, name: a.name, area_kind: a.kind } }, 200);
  });

  app.openapi(routes.trend, async (c) => {
    const q = c.req.valid('query');
    const { from, to } = trendMonths(q);
    const a = await area(q.area);
    const asOfDay = asOfOf(q.as_of, now);
    const months = await figures.trend(a.code, from, to, asOfDay, q.include_baseline ?? false);
    return c.json({ area: a, from, to, as_of: asOfDay, months }, 200);
  });

  app.openapi(routes.ranking, async (c) => {
    const q = c.req.valid('query');
    const scope = scopeOf(q, now);
    const units = await figures.ranking(scope.period, scope.asOf);
    const notes = rankingNotes(units, figures.incompleteRule, figures.scorecard);
    return c.json({
      period: scope.period.label, from: scope.period.from, to: scope.period.to, as_of: scope.asOf, level: 'province' as const,
      ...notes,
      completeness: {
        ...notes.completeness,
        provinces_unpublished: units.reduce((n, u) => n + u.provinces_unpublished, 0),
        communes_unregistered: units.reduce((n, u) => n + u.communes_unregistered, 0),
      },
      units,
    }, 200);
  });

  return app;
}
