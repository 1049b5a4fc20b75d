import { z } from '@hono/zod-openapi';
import { parseDate, periodFrom, todayInVietnam } from '../analytics/period.ts';
import { priorityRowSchema } from '../analytics/schemas.ts';
import { apiRoute, apiRouter, jsonResponse, type Role } from '../api/route.ts';
import { sqlFile } from '../warehouse/sql.ts';
import type { ReportDeps } from './deps.ts';
import { teamPriority, teamScope } from './inspection-data.ts';
import { parseTeam } from './team-id.ts';

/**
 * The inspection teams and their units (settings.teams), for the dashboard's team page: an
 * inspector gets its own team only, staff every team. Codes only; names come from /api/units.
 */
const teamSchema = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  lead: z.string().describe('the body that leads the team'),
  bodies: z.array(z.string()).describe('codes of the provincial bodies the team checks'),
  districts: z.array(z.string()).describe('codes of the districts the team checks (with their communes)'),
  communes: z.array(z.string()).describe('codes of the communes the team checks directly: from 1/7/2025, when there are no districts (with as_of)'),
  unit_codes: z.array(z.string()).describe('every unit whose documents the team checks: bodies, districts and their communes'),
  ever_unit_codes: z.array(z.string()).describe('every unit the team checks on some day of any of its assignments (issue 17), with the communes of its districts then: an inspector may see their documents for the periods of the assignment'),
}).openapi('Team');
export const teamsResponse = z.strictObject({ teams: z.array(teamSchema) });

const EVER_SQL = () => sqlFile(new URL('./queries/team-units-ever.sql', import.meta.url));

const INSPECTION: readonly Role[] = ['admin', 'viewer', 'inspector'];

const route = apiRoute({
  method: 'get', path: '/teams', roles: INSPECTION, audit: null, tag: 'reports', vi: 'Tổ công tác',
  summary: 'The inspection teams and their units',
  description: 'An inspector gets its own team only, staff every team. Codes only; names come from /api/units. '
    + 'With `as_of`, the assignment in force that day (settings teams[].assignments, versioned with the map: from 1/7/2025 provincial bodies and communes).',
  request: { query: z.object({ as_of: z.string().max(20).optional().describe('the assignment in force on this day, YYYY-MM-DD; default: the first assignment') }) },
  responses: { 200: jsonResponse(teamsResponse, 'The teams') },
});

export const priorityResponse = z.strictObject({
  team: z.union([z.number().int(), z.literal('all')]),
  period: z.string(), from: z.string(), to: z.string(), as_of: z.string(),
  threshold: z.strictObject({
    score_below: z.number().describe('a unit whose score is below this needs checking (settings priority.scoreBelow)'),
    documents_from: z.number().int().describe('so does a unit with at least this many violating documents (settings priority.documentsFrom)'),
  }),
  units: z.array(priorityRowSchema).describe('every unit of the team (bodies, district People\'s Committees, communes) in priority order'),
}).openapi('TeamPriority');

const priorityRoute = apiRoute({
  method: 'get', path: '/teams/{team}/priority', roles: INSPECTION, documentScope: true, audit: null, tag: 'reports', vi: 'Thứ tự ưu tiên kiểm tra',
  summary: 'A team\'s units in the order to check them',
  description: 'Units that need checking ("cần kiểm tra": score below `threshold.score_below`, or at least `threshold.documents_from` violating documents) first, then more violating documents, then the lower score; units without any rate last. The work list of the inspection workbook follows the same order. An inspector gets its own team\'s only.',
  request: {
    params: z.object({ team: z.string().max(10).describe('1, 2, 3 (an inspection team) or all') }),
    query: z.object({
      period: z.string().max(40).optional().describe('2020-10, 2020-Q4, 2020-6M, 2020-9M, 2020; or from= and to='),
      from: z.string().max(20).optional().describe('first day, YYYY-MM-DD'),
      to: z.string().max(20).optional().describe('last day, YYYY-MM-DD'),
      as_of: z.string().max(20).optional().describe('figures as they stood at the end of this day (YYYY-MM-DD); default: today in Vietnam'),
    }),
  },
  responses: { 200: jsonResponse(priorityResponse, 'The team\'s units in priority order') },
});

export function teamsRoutes(deps: ReportDeps) {
  const app = apiRouter();
  app.openapi(route, async (c) => {
    const p = c.get('principal');
    const { as_of } = c.req.valid('query');
    const asOf = as_of === undefined ? undefined : parseDate(as_of, 'as_of');
    const ids = deps.settings.teams.map((t) => t.id).filter((id) => !p || p.role !== 'inspector' || id === p.team_id);
    const teams = await Promise.all(ids.map(async (id) => {
      // with as_of: the assignment in force that day, on the map of that day (issue 17)
      const t = await teamScope(deps.figures, deps.settings, id, asOf);
      return {
        id, name: t.name, lead: t.lead,
        bodies: t.bodies.map((u) => u.code),
        districts: t.districts.map((u) => u.code),
        communes: t.ownCommunes.map((u) => u.code),
        /** every unit whose documents the team checks: bodies, districts and their communes, communes under no district */
        unit_codes: t.unitCodes,
        ever_unit_codes: (await deps.figures.db.all<{ code: string }>(EVER_SQL(), { team_id: id })).map((u) => u.code),
      };
    }));
    return c.json({ teams }, 200);
  });
  app.openapi(priorityRoute, async (c) => {
    const team = parseTeam(c.req.valid('param').team);
    const q = c.req.valid('query');
    const scope = { period: periodFrom(q), asOf: q.as_of ? parseDate(q.as_of, 'as_of') : todayInVietnam((deps.now ?? (() => new Date()))()), includeBaseline: false };
    // the team's units on the map of the period's end, as assigned then (issue 17)
    const t = await teamScope(deps.figures, deps.settings, team, scope.period.to);
    // an inspector sees its own team's units only (the access policy decides)
    await deps.documentGuard?.(c, t.unitCodes, scope.period);
    const p = deps.settings.priority;
    return c.json({
      team, period: scope.period.label, from: scope.period.from, to: scope.period.to, as_of: scope.asOf,
      threshold: { score_below: p.scoreBelow, documents_from: p.documentsFrom },
      units: await teamPriority(deps, t, scope),
    }, 200);
  });
  return app;
}
