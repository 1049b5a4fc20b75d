import { Hono, type Context } from 'hono';
import { PassThrough, type Writable } from 'node:stream';
import { z } from 'zod';
import { parseDate, parsePeriod, periodFrom, todayInVietnam } from '../analytics/period.ts';
import { quarantineRows } from '../analytics/quarantine.ts';
import { quarantineFilter, quarantineFilterQuery } from '../analytics/quarantine-routes.ts';
import { badRequest } from '../errors.ts';
import { parseQuery } from '../validate.ts';
import type { ReportDeps } from './deps.ts';
import { teamScope } from './inspection-data.ts';
import { parseTeam } from './team-id.ts';
import { teamsRoutes } from './teams-routes.ts';
import { frozenPeriods } from './freezes.ts';
import { writeInspectionXlsx } from './inspection-xlsx.ts';
import { monthlyCsv, monthlyJson } from './monthly-formats.ts';
import { freezeMonthly, monthlyReport, restateMonthly } from './monthly-report.ts';
import { writeMonthlyXlsx } from './monthly-xlsx.ts';
import { inspectionFileName, monthlyFileName, quarantineFileName, writeInto, XLSX_TYPE } from './files.ts';
import { quarantineCsv, writeQuarantineXlsx } from './quarantine-export.ts';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const monthlyQuery = z.object({
  period: z.string().max(40),
  as_of: z.string().max(20).optional(),
  version: z.coerce.number().int().min(1).max(10_000).optional(),
  restatement: flag.optional(),
});
const inspectionQuery = z.object({
  team: z.string().max(10),
  period: z.string().max(40).optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
  as_of: z.string().max(20).optional(),
});
const freezeQuery = z.object({ period: z.string().max(40), as_of: z.string().max(20).optional() });
const quarantineExportQuery = z.object(quarantineFilterQuery);

/** Writes a workbook into memory first, so a failure is a clean JSON error, never half a file. */
/** A report writer's output in memory, for a response. */
async function toBuffer(write: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeInto(out, write);
  return Buffer.concat(chunks);
}

function download(c: Context, body: Buffer, type: string, fileName: string) {
  return c.body(new Uint8Array(body), 200, {
    'content-type': type,
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
  });
}

/**
 * The reports API, mounted under /api: the inspection workbook of a team, the monthly
 * report input (xlsx, csv, json), and freezing a period's figures as reported.
 */
export function reportRoutes(deps: ReportDeps): Hono {
  const app = new Hono();
  const now = deps.now ?? (() => new Date());

  app.get('/reports/inspection.xlsx', async (c) => {
    const q = parseQuery(c, inspectionQuery);
    const team = parseTeam(q.team);
    const scope = { period: periodFrom(q), asOf: q.as_of ? parseDate(q.as_of, 'as_of') : todayInVietnam(now()), includeBaseline: false };
    // an inspector sees the work list of their own team only (the access policy decides)
    await deps.documentGuard?.(c, (await teamScope(deps.figures, deps.settings, team)).unitCodes);
    const body = await toBuffer((out) => writeInspectionXlsx(deps, { team, scope }, out));
    return download(c, body, XLSX_TYPE, inspectionFileName(team, scope.period));
  });

  const monthly = async (c: Context) => {
    const q = parseQuery(c, monthlyQuery);
    if (q.version !== undefined && q.restatement) {
      throw badRequest('invalid_parameter', 'version= shows a frozen version, restatement=true the corrections not frozen yet: give one of them.');
    }
    return monthlyReport(deps, {
      period: parsePeriod(q.period),
      asOf: q.as_of ? parseDate(q.as_of, 'as_of') : undefined,
      version: q.version,
      restatement: q.restatement,
    });
  };

  app.get('/reports/monthly.xlsx', async (c) => {
    const report = await monthly(c);
    const body = await toBuffer((out) => writeMonthlyXlsx(report, deps.settings, out));
    return download(c, body, XLSX_TYPE, monthlyFileName(report, 'xlsx'));
  });

  app.get('/reports/monthly.csv', async (c) => {
    const report = await monthly(c);
    return download(c, monthlyCsv(report), 'text/csv; charset=utf-8', monthlyFileName(report, 'csv'));
  });

  app.get('/reports/monthly.json', async (c) => c.json(monthlyJson(await monthly(c))));

  // a unit's rows in quarantine, for the unit to correct its export (open ones unless asked)
  const quarantineExport = async (c: Context) => {
    const q = parseQuery(c, quarantineExportQuery);
    const filter = quarantineFilter({ ...q, status: q.status ?? 'open' });
    const rows = await quarantineRows(deps.ctx.db, filter);
    const unitName = q.unit ? ((await deps.figures.units()).find((u) => u.code === q.unit)?.name ?? null) : null;
    return { rows, filter, unitName };
  };

  app.get('/quarantine/export.csv', async (c) => {
    const { rows, filter } = await quarantineExport(c);
    return download(c, quarantineCsv(rows), 'text/csv; charset=utf-8', quarantineFileName(filter.unit ?? null, filter.status ?? null, now(), 'csv'));
  });

  app.get('/quarantine/export.xlsx', async (c) => {
    const { rows, filter, unitName } = await quarantineExport(c);
    const body = await toBuffer((out) => writeQuarantineXlsx(rows, { unit: filter.unit ?? null, unitName, status: filter.status ?? null, generatedAt: now() }, out));
    return download(c, body, XLSX_TYPE, quarantineFileName(filter.unit ?? null, filter.status ?? null, now(), 'xlsx'));
  });

  app.get('/reports/freezes', async (c) => {
    const q = parseQuery(c, z.object({ period: z.string().max(40).optional() }));
    const period = q.period === undefined ? undefined : parsePeriod(q.period).label;
    return c.json({ report: 'monthly', freezes: await frozenPeriods(deps.ctx.db, 'monthly', period) });
  });

  app.post('/reports/monthly/freeze', async (c) => {
    const q = parseQuery(c, freezeQuery);
    const result = await freezeMonthly(deps, parsePeriod(q.period), q.as_of ? parseDate(q.as_of, 'as_of') : undefined, 'api');
    return c.json(result, result.created ? 201 : 200);
  });

  // the teams and their units (an inspector: its own team)
  app.route('/', teamsRoutes(deps));

  app.post('/reports/monthly/restate', async (c) => {
    const q = parseQuery(c, z.object({ period: z.string().max(40) }));
    const result = await restateMonthly(deps, parsePeriod(q.period), 'api');
    return c.json(result, result.created ? 201 : 200);
  });

  return app;
}
