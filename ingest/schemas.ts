import { z } from '@hono/zod-openapi';

/** The shapes of the ingestion API (sources, the run log): the server's types and the routes' OpenAPI responses. */

export const sourceViewSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['http', 'folder', 'other']).describe('other: a source only the run log knows (e.g. files loaded by the CLI)'),
  schedule: z.string().nullable().describe('cron, read in Asia/Ho_Chi_Minh'),
  location: z.string().nullable().describe('where it reads from: the URL without its query (no user or password), or the folder'),
  enabled: z.boolean(),
  last_success_at: z.string().nullable(),
  last_error_at: z.string().nullable(),
  last_error: z.string().nullable().describe('secrets masked'),
  last_error_detail: z.string().nullable().optional().describe('what the upstream server answered to the last failure (at most 200 characters, secrets masked): administrators only, absent for others'),
  last_run_id: z.number().int().nullable(),
  rows_loaded_total: z.number().int(),
  failing: z.boolean(),
  stale: z.boolean().describe('no success within settings.staleAfterHours (or never)'),
}).openapi('Source');
export type SourceView = z.infer<typeof sourceViewSchema>;

export const runSchema = z.strictObject({
  run_id: z.number().int(), source_id: z.string(),
  trigger: z.string().describe('schedule, manual, demo, cli, …'),
  status: z.enum(['succeeded', 'failed']),
  started_at: z.string(), finished_at: z.string().nullable(),
  files: z.number().int(),
  rows_received: z.number().int(), rows_loaded: z.number().int(), rows_updated: z.number().int(),
  rows_unchanged: z.number().int(), rows_quarantined: z.number().int(),
  error: z.string().nullable().describe('secrets masked'),
  error_detail: z.string().nullable().optional().describe('what the upstream server answered (administrators only)'),
  watermark_before: z.string().nullable(), watermark_after: z.string().nullable(),
}).openapi('Run');
export type Run = z.infer<typeof runSchema>;

/** What a run of a source started by hand did (ingest/load.ts RunSummary). */
export const runSummarySchema = z.strictObject({
  runId: z.number().int(), sourceId: z.string(), status: z.enum(['succeeded', 'failed']),
  startedAt: z.string(), finishedAt: z.string(),
  received: z.number().int().describe('received = loaded + updated + unchanged + quarantined'),
  loaded: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), quarantined: z.number().int(),
  files: z.array(z.strictObject({
    seq: z.number().int(), name: z.string(), format: z.string(), sha256: z.string(), bytes: z.number().int(),
    received: z.number().int(), loaded: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), quarantined: z.number().int(),
  })),
  error: z.string().optional(),
  errorDetail: z.string().optional().describe('what an upstream server answered to a failed request, redacted'),
}).openapi('RunSummary');

export const sourcesResponse = z.strictObject({ sources: z.array(sourceViewSchema) });
export const runsResponse = z.strictObject({ runs: z.array(runSchema) });
export const sourceRunResponse = z.strictObject({ runs: z.array(runSummarySchema) });
