import { z } from '@hono/zod-openapi';
import { levelSchema, unitSchema } from './schemas.ts';

/**
 * The shapes of the versioned map (issue 17; README, "The map changes"): the units in force
 * on a date, and a unit's lineage.
 */
const date = z.string().describe('a date, YYYY-MM-DD');

export const mapUnitSchema = unitSchema.extend({
  valid_from: date.nullable().optional().describe('first day of this version of the unit; null: since the registry begins'),
  valid_to: date.nullable().optional().describe('last day of this version; null: still in force'),
  lat: z.number().nullable().optional().describe('a point inside the unit (WGS 84), where known'),
  lon: z.number().nullable().optional(),
}).openapi('MapUnit');
export type MapUnit = z.infer<typeof mapUnitSchema>;

export const mapUnitsResponse = z.strictObject({
  as_of: date.nullable().describe('the map in force on this day; null: every code as it first appears in the registry'),
  units: z.array(mapUnitSchema),
}).openapi('Units');

export const unitPositionSchema = unitSchema.extend({
  lat: z.number().nullable().describe('latitude (WGS 84) of the point the unit is drawn at; null: not known'),
  lon: z.number().nullable(),
  position: z.enum(['registry', 'successors', 'communes']).nullable()
    .describe('where the point comes from: `registry` the unit\'s own coordinates (the 166 communes of 1/7/2025), `successors` the mean of the 2025 units an earlier commune went into, `communes` the mean of a district\'s communes that day; null: none'),
  communes: z.number().int().nullable().describe('a district: how many of its communes its point is the mean of; null for a commune'),
}).openapi('UnitPosition');
export type UnitPosition = z.infer<typeof unitPositionSchema>;

export const unitPositionsResponse = z.strictObject({
  as_of: date.describe('the map in force on this day'),
  units: z.array(unitPositionSchema).describe('the districts, then the communes, in force that day; the provincial bodies have no place on the map'),
}).openapi('UnitPositions');

const linkSchema = z.strictObject({
  code: z.string(),
  name: z.string().nullable().describe('its name on the day of the change'),
  main: z.boolean().describe('the main successor: takes the history, and the documents still carrying the ended code'),
});

export const unitVersionSchema = z.strictObject({
  code: z.string(), name: z.string(), short_name: z.string(), level: levelSchema, kind: z.string(), parent_code: z.string(),
  valid_from: date.nullable().describe('null: since the registry begins'),
  valid_to: date.nullable().describe('null: still in force'),
  lat: z.number().nullable(), lon: z.number().nullable(),
  predecessors: z.array(linkSchema).describe('units that ended the day before this version began and went into it'),
  successors: z.array(linkSchema).describe('units this version went into when it ended (a split: several, one main)'),
}).openapi('UnitVersion');
export type UnitVersionRow = z.infer<typeof unitVersionSchema>;

export const unitHistoryResponse = z.strictObject({
  code: z.string(),
  versions: z.array(unitVersionSchema).describe('oldest first; a code reused by a new unit has a version for each'),
}).openapi('UnitHistory');

export { periodMapSchema, type PeriodMap } from './period-map-schema.ts';
