import { z } from '@hono/zod-openapi';
import { apiRoute, apiRouter, errorResponse, EVERYONE, jsonResponse } from '../api/route.ts';
import { AppError } from '../errors.ts';
import type { Database } from '../warehouse/database.ts';
import { sqlFile } from '../warehouse/sql.ts';
import type { Figures } from './figures.ts';
import { mapUnitsResponse, unitHistoryResponse, unitPositionsResponse, type UnitPosition, type UnitVersionRow } from './map-schemas.ts';
import { today } from '../time.ts';
import { parseDate } from './period.ts';

const q = (name: string) => sqlFile(new URL(`./queries/${name}.sql`, import.meta.url));

/** Where the districts and communes in force on a date lie (unit-positions.sql). */
export function unitPositions(db: Database, asOf: string): Promise<UnitPosition[]> {
  return db.all<UnitPosition>(q('unit-positions'), { as_of: asOf });
}

/** A unit's versions with their predecessors and successors. */
export function unitHistory(db: Database, code: string): Promise<UnitVersionRow[]> {
  return db.all<UnitVersionRow>(q('unit-history'), { code });
}

const routes = {
  units: apiRoute({
    method: 'get', path: '/units', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Danh mục đơn vị',
    summary: 'The registry of units, or the map in force on a date',
    description: 'Without `as_of`: every code as it first appears in the registry (the 2020 map: 20 provincial bodies, 27 districts, 559 communes; config/units.csv). '
      + 'With `as_of`: the units in force that day (config/map-changes.csv): 26 districts from 1/12/2024, no district and 166 communes from 1/7/2025.',
    request: { query: z.object({ as_of: z.string().max(20).optional().describe('the map in force on this day, YYYY-MM-DD') }) },
    responses: { 200: jsonResponse(mapUnitsResponse, 'The units, provincial bodies first') },
  }),
  positions: apiRoute({
    method: 'get', path: '/units/positions', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Vị trí đơn vị trên bản đồ',
    summary: 'Where the districts and communes in force on a date lie',
    description: 'The points the dashboard\'s map draws the units at (no boundaries). Only the 166 communes of 1/7/2025 have coordinates (config/map-changes.csv); '
      + 'an earlier commune is placed at the mean of the 2025 units it went into, a district at the mean of its communes that day. Default `as_of`: today in Vietnam.',
    request: { query: z.object({ as_of: z.string().max(20).optional().describe('the map in force on this day, YYYY-MM-DD (default today)') }) },
    responses: { 200: jsonResponse(unitPositionsResponse, 'The districts, then the communes'), 400: errorResponse('`as_of` is not a date in range (`invalid_date`)') },
  }),
  history: apiRoute({
    method: 'get', path: '/units/{code}/history', roles: EVERYONE, audit: null, tag: 'figures', vi: 'Lịch sử đơn vị',
    summary: 'A unit\'s lineage across the map changes',
    description: 'Each version of the code (renamed, moved, or reused by a new unit) with the units it was formed from and those it went into.',
    request: { params: z.object({ code: z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9]+$/, 'not a unit code') }) },
    responses: {
      200: jsonResponse(unitHistoryResponse, 'The versions, oldest first'),
      404: errorResponse('No unit with this code (`unknown_unit`)'),
    },
  }),
};

/** GET /api/units (with the map of a date), GET /api/units/positions and GET /api/units/{code}/history. */
export function mapRoutes(figures: Figures) {
  const app = apiRouter();
  app.openapi(routes.units, async (c) => {
    const { as_of } = c.req.valid('query');
    if (as_of === undefined) return c.json({ as_of: null, units: await figures.units() }, 200);
    const date = parseDate(as_of, 'as_of');
    return c.json({ as_of: date, units: await figures.unitsAt(date) }, 200);
  });
  app.openapi(routes.positions, async (c) => {
    const { as_of } = c.req.valid('query');
    const date = parseDate(as_of ?? today(), 'as_of');
    return c.json({ as_of: date, units: await figures.cache.get(`unit-positions:${date}`, () => unitPositions(figures.db, date)) }, 200);
  });
  app.openapi(routes.history, async (c) => {
    const { code } = c.req.valid('param');
    const versions = await unitHistory(figures.db, code);
    if (versions.length === 0) throw new AppError(404, 'unknown_unit', `There is no unit with code "${code}" in the registry.`);
    return c.json({ code, versions }, 200);
  });
  return app;
}
