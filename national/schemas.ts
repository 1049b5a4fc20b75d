import { z } from '@hono/zod-openapi';
import { areaFigureSchema, dataRangeResponse, monthRatesSchema, rankingResponse, rankingRowSchema, trendResponse } from '../analytics/schemas.ts';

const month = z.string().regex(/^\d{4}-\d{2}$/);

export const nationalProvinceSchema = z.strictObject({
  code: z.string().describe('the province\'s two-digit code (its settings.publication.province)'),
  name: z.string(),
  as_of: z.string().describe('the cut-off of its latest publication: its figures are as they stood that day'),
  published_at: z.string(),
  map_version: z.string().describe('a hash of the registry its counts were pooled on'),
  first_month: month.nullable(), last_month: month.nullable(),
  months: z.array(month).describe('the months held, in order: a month of a period missing here is not published, and the province\'s units due that month count as units without data'),
  registry_mismatch: z.strictObject({
    expected: z.number().int().nonnegative().describe('the communes, wards and special zones the roster gives the province from 1/7/2025 (national_roster.communes)'),
    registered: z.number().int().nonnegative().describe('those of its published registry in force on some day of month'),
    month: month.describe('of the months it has published from 1/7/2025 (none: July 2025, when a unit of its registry is in force then), the one with the fewest when any has fewer than expected (the missing ones count as units without data), or else the one with the most'),
  }).nullable().describe('null when every month checked has as many as the roster, or none is checked'),
}).openapi('NationalProvince');

const provincesUnpublished = z.number().int().nonnegative()
  .describe('provinces the roster expects that have published nothing held here, whose units are therefore unknown (the country and each level: all of them; a province: 1 when it is one); complete is false when not 0');

const communesUnregistered = z.number().int().nonnegative()
  .describe('communes, wards and special zones the roster expects of the provinces held (national_roster.communes, from 1/7/2025) that their published registries lack, in the month of the period where each lacks the most: already counted in units and units_without_data (no document of them is here), so complete is false when not 0');

/** The months held, and which provinces published them (the dashboard's national mode). */
export const nationalDataRangeResponse = dataRangeResponse.extend({
  national: z.strictObject({
    country: z.literal('VN').describe('the country\'s area code'),
    provinces: z.array(nationalProvinceSchema),
    expected: z.number().int().nonnegative().describe('the provinces of the roster expected to publish (34, fewer in a pilot: npm run national -- --expect)'),
    roster: z.number().int().nonnegative().describe('the provinces on the roster (the 34 in force since 1/7/2025)'),
    unpublished: z.array(z.strictObject({ code: z.string(), name: z.string() }))
      .describe('the provinces the roster expects (national_roster) that have published nothing held here: every figure of the country and its levels counts them as provinces_unpublished and is not complete'),
  }),
}).openapi('NationalDataRange');

export const nationalAreaResponse = z.strictObject({
  period: z.string(), from: z.string(), to: z.string(), as_of: z.string(), include_baseline: z.boolean(),
  area: areaFigureSchema.extend({
    code: z.string().describe('VN (the country), a province\'s code, or a level across the country (province, district, commune)'),
    area_kind: z.enum(['country', 'province', 'level']),
    provinces_unpublished: provincesUnpublished,
    communes_unregistered: communesUnregistered,
  }),
}).openapi('NationalRatesOfArea');

export const nationalTrendResponse = trendResponse.extend({
  area: z.strictObject({ code: z.string(), name: z.string(), kind: z.enum(['country', 'province', 'level']) }),
  months: z.array(monthRatesSchema.extend({ provinces_unpublished: provincesUnpublished, communes_unregistered: communesUnregistered })),
}).openapi('NationalTrend');

export const nationalRankingResponse = rankingResponse.omit({ map: true, district: true }).extend({
  units: z.array(rankingRowSchema.extend({
    provinces_unpublished: z.number().int().min(0).max(1).describe('1 when the province\'s units are not known for a month of the period (it has published nothing, or not a month its registry has no unit in force in): not complete, and not counted in units_without_data'),
    communes_unregistered: communesUnregistered,
  })),
  completeness: rankingResponse.shape.completeness.extend({
    provinces_unpublished: z.number().int().min(0).describe('of the members, the provinces not published for a month of the period'),
    communes_unregistered: communesUnregistered,
  }),
}).openapi('NationalRanking');
export type NationalRanking = z.infer<typeof nationalRankingResponse>;
export type NationalDataRange = z.infer<typeof nationalDataRangeResponse>;
