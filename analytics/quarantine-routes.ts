import { z } from '@hono/zod-openapi';
import { ADMIN, apiRoute, apiRouter, jsonResponse } from '../api/route.ts';
import { pageParams } from '../validate.ts';
import type { Database } from '../warehouse/database.ts';
import { periodFrom } from './period.ts';
import { listQuarantine, QUARANTINE_STATUSES, quarantineSummary, type QuarantineFilter } from './quarantine.ts';
import { quarantineListResponse, quarantineSummaryResponse } from './schemas.ts';

const sourceId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'not a source id').max(100);
/** a unit code as a broken row may hold it: the registry's or not (a bound parameter, never SQL) */
const rowUnit = z.string().trim().min(1).max(200);
const problemCode = z.string().regex(/^[a-z_]+$/, 'not a problem code').max(50);

export const quarantineFilterQuery = {
  run: z.coerce.number().int().min(1).optional().describe('only rows of this load run'),
  source: sourceId.optional().describe('only rows of this source'),
  unit: rowUnit.optional().describe('only rows with this unit code (in the registry or not)'),
  code: problemCode.optional().describe('only rows with this problem, e.g. unknown_unit, bad_time'),
  status: z.enum(QUARANTINE_STATUSES).optional().describe('open (to fix), resolved (a later load set the same document) or repeated (an earlier copy of a row quarantined again)'),
  period: z.string().max(40).optional().describe('only rows whose business day falls in this period (2020-10, 2020-Q4, …)'),
  from: z.string().max(20).optional().describe('first business day, YYYY-MM-DD (with to=)'),
  to: z.string().max(20).optional().describe('last business day, YYYY-MM-DD'),
};

/** The filter of a quarantine request; a period (period= or from=&to=) narrows it to the rows' business days. */
export function quarantineFilter(q: { run?: number | undefined; source?: string | undefined; unit?: string | undefined; code?: string | undefined; status?: QuarantineFilter['status']; period?: string | undefined; from?: string | undefined; to?: string | undefined }): QuarantineFilter {
  const period = q.period !== undefined || q.from !== undefined || q.to !== undefined ? periodFrom(q) : undefined;
  return { run: q.run, source: q.source, unit: q.unit, code: q.code, status: q.status, from: period?.from, to: period?.to };
}

const listQuery = z.object({ ...quarantineFilterQuery, ...pageParams });
const summaryQuery = z.object({ status: quarantineFilterQuery.status, period: quarantineFilterQuery.period, from: quarantineFilterQuery.from, to: quarantineFilterQuery.to });

const routes = {
  list: apiRoute({
    method: 'get', path: '/quarantine', roles: ADMIN, audit: null, tag: 'quality', vi: 'Dữ liệu lỗi',
    summary: 'The quarantined rows',
    description: 'Each row with its status, the business day it counts on, the reasons (stored and in Vietnamese), the values as received, file and row, and how many runs received it.',
    request: { query: listQuery },
    responses: { 200: jsonResponse(quarantineListResponse, 'A page of quarantined rows, newest run first') },
  }),
  summary: apiRoute({
    method: 'get', path: '/quarantine/summary', roles: ADMIN, audit: null, tag: 'quality', vi: 'Dữ liệu lỗi: tổng hợp',
    summary: 'The quarantined rows counted per unit, source and reason',
    request: { query: summaryQuery },
    responses: { 200: jsonResponse(quarantineSummaryResponse, 'The rows of a status (default open), counted') },
  }),
};

/**
 * The quarantine as a work queue, for administrators: its rows (open: to fix; resolved: a
 * later load set the same document; repeated: an earlier copy of a row quarantined again),
 * filtered, paged, with the reasons in Vietnamese; and their counts per unit, source and
 * reason.
 */
export function quarantineRoutes(db: Database) {
  const app = apiRouter();

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const filter = quarantineFilter(q);
    return c.json({ status: filter.status ?? null, from: filter.from ?? null, to: filter.to ?? null, limit: q.limit, offset: q.offset, ...(await listQuarantine(db, filter, q)) }, 200);
  });

  app.openapi(routes.summary, async (c) => {
    const q = c.req.valid('query');
    const filter = quarantineFilter({ ...q, status: q.status ?? 'open' });
    return c.json({ status: filter.status ?? 'open', from: filter.from ?? null, to: filter.to ?? null, ...(await quarantineSummary(db, filter)) }, 200);
  });

  return app;
}
