import { z } from '@hono/zod-openapi';

/** The map a period's figures are pooled and ranked on (issue 17; README, "The map changes"). */
const date = z.string().describe('a date, YYYY-MM-DD');

export const periodMapSchema = z.strictObject({
  map_date: date.describe('the figures are pooled on the map in force on this day (the period\'s last day)'),
  ranked_level: z.enum(['district', 'commune']).describe('the level ranked on that map: the districts until 30/6/2025, the communes from 1/7/2025'),
  changes: z.array(date).describe('the days within the period on which the map changed; not empty: the period spans a change, and earlier documents are pooled into the units of the map at its end'),
}).openapi('PeriodMap');
export type PeriodMap = z.infer<typeof periodMapSchema>;
