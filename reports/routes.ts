import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { parseDate, parsePeriod } from '../analytics/period.ts';
import { scopeOf } from '../analytics/route-scope.ts';
import { quarantineRows } from '../analytics/quarantine.ts';
import { quarantineFilter, quarantineFilterQuery } from '../analytics/quarantine-routes.ts';
import { ADMIN, apiRoute, apiRouter, errorResponse, EVERYONE, fileResponse, jsonResponse, STAFF, type Role } from '../api/route.ts';
import { writeViolationsCsv, writeViolationsXlsx, type ViolationsRequest } from './violations-export.ts';
import { badRequest } from '../errors.ts';
import type { ReportDeps } from './deps.ts';
import { teamScope } from './inspection-data.ts';
import { parseTeam } from './team-id.ts';
import { teamsRoutes } from './teams-routes.ts';
import { frozenPeriods } from './freezes.ts';
import { writeInspectionXlsx } from './inspection-xlsx.ts';
import { monthlyCsv, monthlyJson, monthlyPeopleCsv } from './monthly-formats.ts';
import { freezeMonthly, monthlyReport, restateMonthly } from './monthly-report.ts';
import { writeMonthlyXlsx } from './monthly-xlsx.ts';
import { inspectionFileName, monthlyFileName, quarantineFileName, violationsFileName, writeInto, XLSX_TYPE } from './files.ts';
import { quarantineCsv, writeQuarantineXlsx } from './quarantine-export.ts';
import { freezeResultSchema, freezesResponse, monthlyReportSchema, restateResultSchema } from './schemas.ts';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const periodParam = z.string().max(40).describe('2020-10 (a month), 2020-Q4, 2020-6M, 2020-9M or 2020');
const asOfParam = z.string().max(20).optional().describe('figures as they stood at the end of this day (YYYY-MM-DD); default: today in Vietnam');
const monthlyQuery = z.object({
  period: periodParam,
  as_of: asOfParam,
  version: z.coerce.number().int().min(1).max(10_000).optional().describe('a frozen version (default: 1, the figures first reported)'),
  restatement: flag.optional().describe('true: the corrections not frozen yet, beside the latest version'),
});
const inspectionQuery = z.object({
  team: z.string().max(10).describe('1, 2, 3 (an inspection team) or all'),
  period: z.string().max(40).optional().describe('2020-10, 2020-Q4, 2020-6M, 2020-9M, 2020; or from= and to='),
  from: z.string().max(20).optional().describe('first day, YYYY-MM-DD'),
  to: z.string().max(20).optional().describe('last day, YYYY-MM-DD'),
  as_of: asOfParam,
});
const freezeQuery = z.object({ period: periodParam, as_of: asOfParam });
/** who reads a CSV: people (the default: Vietnamese headers, `;`, percent with a decimal comma, local times) or systems */
const columnsParam = z.enum(['people', 'machine']).optional()
  .describe('people (default): Vietnamese headers, `;` between cells, rates as "96,73 %", dates dd/mm/yyyy and times dd/mm/yyyy HH:mm in Vietnam time, for Excel set to Vietnamese; machine: the API\'s names, comma-separated, rates as fractions, ISO dates');
const monthlyCsvQuery = monthlyQuery.extend({ columns: columnsParam });
const quarantineExportQuery = z.object(quarantineFilterQuery);

const violationsExportQuery = z.object({
  unit: z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9]+$/, 'not a unit code').describe('the unit whose documents to list'),
  period: z.string().max(40).optional().describe('2020-10, 2020-Q4, 2020-6M, 2020-9M, 2020; or from= and to='),
  from: z.string().max(20).optional().describe('first day, YYYY-MM-DD'),
  to: z.string().max(20).optional().describe('last day, YYYY-MM-DD'),
  as_of: asOfParam,
  reason: z.enum(['not_electronic', 'not_signed', 'late']).optional().describe('only documents with this reason'),
});

const INSPECTION: readonly Role[] = ['admin', 'viewer', 'inspector'];
const monthlyErrors = {
  404: errorResponse('No such frozen version (`unknown_version`)'),
  409: errorResponse('No version or restatement before the period is frozen (`not_frozen`), or an as_of other than the frozen one (`period_frozen`)'),
};
const CSV_TYPE = 'text/csv; charset=utf-8';

const routes = {
  inspection: apiRoute({
    method: 'get', path: '/reports/inspection.xlsx', roles: INSPECTION, documentScope: true, audit: 'export', tag: 'reports', vi: 'Sổ kiểm tra của tổ',
    summary: 'An inspection team\'s workbook',
    description: 'Cover, summary of each unit of the team (rates, counts, completeness, rank), the work list of violating documents with empty columns for the team\'s findings, and the definitions. An inspector gets its own team\'s only.',
    request: { query: inspectionQuery },
    responses: { 200: fileResponse(XLSX_TYPE, 'The workbook') },
  }),
  monthlyXlsx: apiRoute({
    method: 'get', path: '/reports/monthly.xlsx', roles: STAFF, audit: 'export', tag: 'reports', vi: 'Báo cáo tháng (Excel)',
    summary: 'The monthly report, as the appendix table (Decree 30/2020 layout)',
    request: { query: monthlyQuery },
    responses: { 200: fileResponse(XLSX_TYPE, 'The workbook'), ...monthlyErrors },
  }),
  monthlyCsv: apiRoute({
    method: 'get', path: '/reports/monthly.csv', roles: STAFF, audit: 'export', tag: 'reports', vi: 'Báo cáo tháng (CSV)',
    summary: 'The monthly report\'s figures as CSV (UTF-8 with BOM)',
    request: { query: monthlyCsvQuery },
    responses: { 200: fileResponse(CSV_TYPE, 'One line per report row; completeness in the last six columns'), ...monthlyErrors },
  }),
  monthlyJson: apiRoute({
    method: 'get', path: '/reports/monthly.json', roles: STAFF, audit: 'export', tag: 'reports', vi: 'Báo cáo tháng (JSON)',
    summary: 'The monthly report\'s figures as JSON',
    request: { query: monthlyQuery },
    responses: { 200: jsonResponse(monthlyReportSchema, 'The report'), ...monthlyErrors },
  }),
  quarantineCsv: apiRoute({
    method: 'get', path: '/quarantine/export.csv', roles: ADMIN, audit: 'export', tag: 'quality', vi: 'Tải dữ liệu lỗi (CSV)',
    summary: 'Quarantined rows to download, for the unit to correct its export',
    description: 'Open rows unless another status is asked for, in Vietnamese.',
    request: { query: quarantineExportQuery.extend({ columns: columnsParam }) },
    responses: { 200: fileResponse(CSV_TYPE, 'The rows, UTF-8 with BOM') },
  }),
  quarantineXlsx: apiRoute({
    method: 'get', path: '/quarantine/export.xlsx', roles: ADMIN, audit: 'export', tag: 'quality', vi: 'Tải dữ liệu lỗi (Excel)',
    summary: 'Quarantined rows to download as a workbook',
    description: 'Open rows unless another status is asked for, in Vietnamese, the field at fault marked.',
    request: { query: quarantineExportQuery },
    responses: { 200: fileResponse(XLSX_TYPE, 'The workbook') },
  }),
  violationsCsv: apiRoute({
    method: 'get', path: '/violations.csv', roles: EVERYONE, documentScope: true, audit: 'export', tag: 'figures', vi: 'Tải văn bản chưa đạt (CSV)',
    summary: 'Every violating document of a unit, as CSV (streamed)',
    description: 'All the documents /api/violations pages through, in its order. For people (default): Vietnamese headers, local times dd/mm/yyyy HH:mm, the source as "hệ thống · tệp · dòng" without the internal URL; `columns=machine`: the API\'s names.',
    request: { query: violationsExportQuery.extend({ columns: columnsParam }) },
    responses: { 200: fileResponse(CSV_TYPE, 'The documents, UTF-8 with BOM') },
  }),
  violationsXlsx: apiRoute({
    method: 'get', path: '/violations.xlsx', roles: EVERYONE, documentScope: true, audit: 'export', tag: 'figures', vi: 'Tải văn bản chưa đạt (Excel)',
    summary: 'Every violating document of a unit, as a workbook (streamed)',
    description: 'All the documents /api/violations pages through, in its order: dates and local times as Excel dates, the source as "hệ thống · tệp · dòng".',
    request: { query: violationsExportQuery },
    responses: { 200: fileResponse(XLSX_TYPE, 'The workbook') },
  }),
  freezes: apiRoute({
    method: 'get', path: '/reports/freezes', roles: STAFF, audit: null, tag: 'reports', vi: 'Các lần chốt số liệu',
    summary: 'The frozen versions of the monthly report',
    request: { query: z.object({ period: z.string().max(40).optional().describe('only this period') }) },
    responses: { 200: jsonResponse(freezesResponse, 'Every frozen version, by period then version') },
  }),
  freeze: apiRoute({
    method: 'post', path: '/reports/monthly/freeze', roles: ADMIN, audit: 'freeze', tag: 'reports', vi: 'Chốt số liệu',
    summary: 'Freeze a period\'s official figures',
    description: 'Version 1, recorded with the account that froze it. Later loads do not change it; freezing a frozen period changes nothing (200).',
    request: { query: freezeQuery },
    responses: {
      201: jsonResponse(freezeResultSchema, 'Frozen now'),
      200: jsonResponse(freezeResultSchema, 'Frozen already: the version first frozen'),
      409: errorResponse('Frozen already as of another day (`period_frozen`)'),
    },
  }),
  restate: apiRoute({
    method: 'post', path: '/reports/monthly/restate', roles: ADMIN, audit: 'restate', tag: 'reports', vi: 'Điều chỉnh số liệu đã chốt',
    summary: 'Freeze the corrections of a frozen period as its next version',
    request: { query: z.object({ period: periodParam }) },
    responses: {
      201: jsonResponse(restateResultSchema, 'A new version, with what changed'),
      200: jsonResponse(restateResultSchema, 'Nothing to correct: the latest version'),
      409: errorResponse('The period is not frozen (`not_frozen`)'),
    },
  }),
};

/** Who froze: the signed-in account (or the token's); 'api' only where access control is off (tests of the reports). */
const frozenBy = (c: Context) => c.get('principal')?.username ?? 'api';

/** Writes a workbook into memory first, so a failure is a clean JSON error, never half a file. */
/** A report writer's output in memory, for a response. */
async function toBuffer(write: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeInto(out, write);
  return Buffer.concat(chunks);
}

function attachment(c: Context, body: Buffer, type: string, fileName: string) {
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
export function reportRoutes(deps: ReportDeps) {
  const app = apiRouter();
  const now = deps.now ?? (() => new Date());

  app.openapi(routes.inspection, async (c) => {
    const q = c.req.valid('query');
    const team = parseTeam(q.team);
    const scope = scopeOf(q, now); // no include_baseline= here: without the baseline
    // an inspector sees the work list of their own team only (the access policy decides)
    await deps.documentGuard?.(c, (await teamScope(deps.figures, deps.settings, team, scope.period.to)).unitCodes, scope.period);
    const body = await toBuffer((out) => writeInspectionXlsx(deps, { team, scope }, out));
    return attachment(c, body, XLSX_TYPE, inspectionFileName(team, scope.period));
  });

  const monthly = async (q: z.infer<typeof monthlyQuery>) => {
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

  app.openapi(routes.monthlyXlsx, async (c) => {
    const report = await monthly(c.req.valid('query'));
    const body = await toBuffer((out) => writeMonthlyXlsx(report, deps.settings, out));
    return attachment(c, body, XLSX_TYPE, monthlyFileName(report, 'xlsx'));
  });

  app.openapi(routes.monthlyCsv, async (c) => {
    const { columns, ...q } = c.req.valid('query');
    const report = await monthly(q);
    return attachment(c, columns === 'machine' ? monthlyCsv(report) : monthlyPeopleCsv(report), 'text/csv; charset=utf-8', monthlyFileName(report, 'csv'));
  });

  app.openapi(routes.monthlyJson, async (c) => c.json(monthlyJson(await monthly(c.req.valid('query'))), 200));

  // a unit's rows in quarantine, for the unit to correct its export (open ones unless asked)
  const quarantineExport = async (q: z.infer<typeof quarantineExportQuery>) => {
    const filter = quarantineFilter({ ...q, status: q.status ?? 'open' });
    const rows = await quarantineRows(deps.ctx.db, filter);
    const unitName = q.unit ? ((await deps.figures.units()).find((u) => u.code === q.unit)?.name ?? null) : null;
    return { rows, filter, unitName };
  };

  app.openapi(routes.quarantineCsv, async (c) => {
    const { columns, ...q } = c.req.valid('query');
    const { rows, filter } = await quarantineExport(q);
    return attachment(c, quarantineCsv(rows, columns), 'text/csv; charset=utf-8', quarantineFileName(filter.unit ?? null, filter.status ?? null, now(), 'csv'));
  });

  app.openapi(routes.quarantineXlsx, async (c) => {
    const { rows, filter, unitName } = await quarantineExport(c.req.valid('query'));
    const body = await toBuffer((out) => writeQuarantineXlsx(rows, { unit: filter.unit ?? null, unitName, status: filter.status ?? null, generatedAt: now() }, out));
    return attachment(c, body, XLSX_TYPE, quarantineFileName(filter.unit ?? null, filter.status ?? null, now(), 'xlsx'));
  });

  // a unit's violating documents in full, streamed as they come from the database
  const violationsRequest = async (c: Context, q: z.infer<typeof violationsExportQuery>): Promise<ViolationsRequest> => {
    const scope = scopeOf(q, now); // no include_baseline= here: without the baseline
    // named as on the period's last day; its documents those its figures count (issue 17)
    const unit = await deps.figures.unitOn(q.unit, scope.period.to);
    await deps.documentGuard?.(c, [unit.code], scope.period);
    return { unit, scope, listed: await deps.figures.unitScope(scope, unit.code), reason: q.reason ?? null };
  };
  const streamed = (c: Context, type: string, fileName: string, write: (out: Writable) => Promise<unknown>) => {
    const out = new PassThrough();
    // the headers are sent: a failure now ends the download short (the client sees it broken)
    write(out).catch((err: unknown) => out.destroy(err as Error));
    return c.body(Readable.toWeb(out) as ReadableStream<Uint8Array>, 200, {
      'content-type': type, 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'no-store',
    });
  };

  app.openapi(routes.violationsCsv, async (c) => {
    const { columns, ...q } = c.req.valid('query');
    const req = await violationsRequest(c, q);
    return streamed(c, CSV_TYPE, violationsFileName(req, 'csv'), (out) => writeViolationsCsv(deps, req, columns ?? 'people', out));
  });

  app.openapi(routes.violationsXlsx, async (c) => {
    const req = await violationsRequest(c, c.req.valid('query'));
    return streamed(c, XLSX_TYPE, violationsFileName(req, 'xlsx'), (out) => writeViolationsXlsx(deps, req, out));
  });

  app.openapi(routes.freezes, async (c) => {
    const q = c.req.valid('query');
    const period = q.period === undefined ? undefined : parsePeriod(q.period).label;
    return c.json({ report: 'monthly' as const, freezes: await frozenPeriods(deps.ctx.db, 'monthly', period) }, 200);
  });

  app.openapi(routes.freeze, async (c) => {
    const q = c.req.valid('query');
    const result = await freezeMonthly(deps, parsePeriod(q.period), q.as_of ? parseDate(q.as_of, 'as_of') : undefined, frozenBy(c));
    return result.created ? c.json(result, 201) : c.json(result, 200);
  });

  app.openapi(routes.restate, async (c) => {
    const q = c.req.valid('query');
    const result = await restateMonthly(deps, parsePeriod(q.period), frozenBy(c));
    return result.created ? c.json(result, 201) : c.json(result, 200);
  });

  // the teams and their units (an inspector: its own team)
  app.route('/', teamsRoutes(deps));

  return app;
}
