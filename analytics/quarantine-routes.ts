import { Hono } from 'hono';
import { z } from 'zod';
import { pageParams, parseQuery } from '../validate.ts';
import type { Database } from '../warehouse/database.ts';
import { periodFrom } from './period.ts';
import { listQuarantine, QUARANTINE_STATUSES, quarantineSummary, type QuarantineFilter } from './quarantine.ts';

const sourceId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'not a source id').max(100);
/** a unit code as a broken row may hold it: the registry's or not (a bound parameter, never SQL) */
const rowUnit = z.string().trim().min(1).max(200);
const problemCode = z.string().regex(/^[a-z_]+$/, 'not a problem code').max(50);

export const quarantineFilterQuery = {
  run: z.coerce.number().int().min(1).optional(),
  source: sourceId.optional(),
  unit: rowUnit.optional(),
  code: problemCode.optional(),
  status: z.enum(QUARANTINE_STATUSES).optional(),
  period: z.string().max(40).optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
};

/** The filter of a quarantine request; a period (period= or from=&to=) narrows it to the rows' business days. */
export function quarantineFilter(q: { run?: number | undefined; source?: string | undefined; unit?: string | undefined; code?: string | undefined; status?: QuarantineFilter['status']; period?: string | undefined; from?: string | undefined; to?: string | undefined }): QuarantineFilter {
  const period = q.period !== undefined || q.from !== undefined || q.to !== undefined ? periodFrom(q) : undefined;
  return { run: q.run, source: q.source, unit: q.unit, code: q.code, status: q.status, from: period?.from, to: period?.to };
}

const listQuery = z.object({ ...quarantineFilterQuery, ...pageParams });
const summaryQuery = z.object({ status: quarantineFilterQuery.status, period: quarantineFilterQuery.period, from: quarantineFilterQuery.from, to: quarantineFilterQuery.to });

/**
 * The quarantine as a work queue, for administrators (auth/policy.ts): its rows (open: to
 * fix; resolved: a later load set the same document; repeated: an earlier copy of a row
 * quarantined again), filtered, paged, with the reasons in Vietnamese; and their counts
 * per unit, source and reason.
 */
export function quarantineRoutes(db: Database): Hono {
  const app = new Hono();

  app.get('/quarantine', async (c) => {
    const q = parseQuery(c, listQuery);
    const filter = quarantineFilter(q);
    return c.json({ status: filter.status ?? null, from: filter.from ?? null, to: filter.to ?? null, limit: q.limit, offset: q.offset, ...(await listQuarantine(db, filter, q)) });
  });

  app.get('/quarantine/summary', async (c) => {
    const q = parseQuery(c, summaryQuery);
    const filter = quarantineFilter({ ...q, status: q.status ?? 'open' });
    return c.json({ status: filter.status, from: filter.from ?? null, to: filter.to ?? null, ...(await quarantineSummary(db, filter)) });
  });

  return app;
}
