import { z } from '@hono/zod-openapi';
import { apiRoute, apiRouter, jsonResponse, type Role } from '../api/route.ts';
import type { ReportDeps } from './deps.ts';
import { teamScope } from './inspection-data.ts';

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
  unit_codes: z.array(z.string()).describe('every unit whose documents the team checks: bodies, districts and their communes'),
}).openapi('Team');
export const teamsResponse = z.strictObject({ teams: z.array(teamSchema) });

const INSPECTION: readonly Role[] = ['admin', 'viewer', 'inspector'];

const route = apiRoute({
  method: 'get', path: '/teams', roles: INSPECTION, audit: null, tag: 'reports', vi: 'Tổ công tác',
  summary: 'The inspection teams and their units',
  description: 'An inspector gets its own team only, staff every team. Codes only; names come from /api/units.',
  responses: { 200: jsonResponse(teamsResponse, 'The teams') },
});

export function teamsRoutes(deps: ReportDeps) {
  const app = apiRouter();
  app.openapi(route, async (c) => {
    const p = c.get('principal');
    const ids = deps.settings.teams.map((t) => t.id).filter((id) => !p || p.role !== 'inspector' || id === p.team_id);
    const teams = await Promise.all(ids.map(async (id) => {
      const t = await teamScope(deps.figures, deps.settings, id);
      return {
        id, name: t.name, lead: t.lead,
        bodies: t.bodies.map((u) => u.code),
        districts: t.districts.map((u) => u.code),
        /** every unit whose documents the team checks: bodies, districts and their communes */
        unit_codes: t.unitCodes,
      };
    }));
    return c.json({ teams }, 200);
  });
  return app;
}
