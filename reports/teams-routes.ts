import { z } from '@hono/zod-openapi';
import { apiRoute, apiRouter, jsonResponse, type Role } from '../api/route.ts';
import { parseDate } from '../analytics/period.ts';
import { sqlFile } from '../warehouse/sql.ts';
import type { ReportDeps } from './deps.ts';
import { teamScope } from './inspection-data.ts';

const ASSIGNMENT_SQL = () => sqlFile(new URL('./queries/team-assignment.sql', import.meta.url));

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
}).openapi('Team');
export const teamsResponse = z.strictObject({ teams: z.array(teamSchema) });

const INSPECTION: readonly Role[] = ['admin', 'viewer', 'inspector'];

const route = apiRoute({
  method: 'get', path: '/teams', roles: INSPECTION, audit: null, tag: 'reports', vi: 'Tổ công tác',
  summary: 'The inspection teams and their units',
  description: 'An inspector gets its own team only, staff every team. Codes only; names come from /api/units. '
    + 'With `as_of`, the assignment in force that day (settings teams[].assignments, versioned with the map: from 1/7/2025 provincial bodies and communes).',
  request: { query: z.object({ as_of: z.string().max(20).optional().describe('the assignment in force on this day, YYYY-MM-DD; default: the first assignment') }) },
  responses: { 200: jsonResponse(teamsResponse, 'The teams') },
});

export function teamsRoutes(deps: ReportDeps) {
  const app = apiRouter();
  app.openapi(route, async (c) => {
    const p = c.get('principal');
    const { as_of } = c.req.valid('query');
    const asOf = as_of === undefined ? undefined : parseDate(as_of, 'as_of');
    const ids = deps.settings.teams.map((t) => t.id).filter((id) => !p || p.role !== 'inspector' || id === p.team_id);
    const teams = await Promise.all(ids.map(async (id) => {
      const later = asOf === undefined ? [] : await deps.figures.db.all<{ code: string; level: string; assigned_from: string }>(ASSIGNMENT_SQL(), { team_id: id, as_of: asOf });
      if (later.length > 0 && later[0]!.assigned_from !== '1900-01-01') {
        // a later assignment: its units on the map of that day
        const team = deps.settings.teams.find((t) => t.id === id)!;
        const of = (level: string) => later.filter((u) => u.level === level).map((u) => u.code);
        return { id, name: team.name.normalize('NFC'), lead: team.lead.normalize('NFC'), bodies: of('province'), districts: of('district'), communes: of('commune'), unit_codes: later.map((u) => u.code) };
      }
      const t = await teamScope(deps.figures, deps.settings, id);
      return {
        id, name: t.name, lead: t.lead,
        bodies: t.bodies.map((u) => u.code),
        districts: t.districts.map((u) => u.code),
        communes: [],
        /** every unit whose documents the team checks: bodies, districts and their communes */
        unit_codes: t.unitCodes,
      };
    }));
    return c.json({ teams }, 200);
  });
  return app;
}
