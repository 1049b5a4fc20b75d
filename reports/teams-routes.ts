import { Hono } from 'hono';
import type { ReportDeps } from './deps.ts';
import { teamScope } from './inspection-data.ts';

/**
 * The inspection teams and their units (settings.teams), for the dashboard's team page: an
 * inspector gets its own team only, staff every team. Codes only; names come from /api/units.
 */
export function teamsRoutes(deps: ReportDeps): Hono {
  const app = new Hono();
  app.get('/teams', async (c) => {
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
    return c.json({ teams });
  });
  return app;
}
