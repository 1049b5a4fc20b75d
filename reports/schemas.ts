import { z } from '@hono/zod-openapi';
import { scorecardSchema } from '../analytics/schemas.ts';

/** The shapes of the reports API: frozen versions, the monthly report's JSON, freezing. */

const date = z.string().describe('YYYY-MM-DD');
const countOrNull = z.number().int().nullable();

export const frozenVersionSchema = z.strictObject({
  period: z.string().describe('the period frozen: 2020-10, 2020-Q4, …'),
  version: z.number().int().min(1).describe('1: the figures first reported; later: restatements'),
  period_from: date, period_to: date,
  as_of: date.describe('the day the figures were computed as of'),
  frozen_at: z.string(),
  frozen_by: z.string().describe('the account that froze it (its username, also through an API token); cli from the command line'),
  scorecard: scorecardSchema.describe('the scorecard its ranks and scores were computed with (kept when settings change)'),
}).openapi('FrozenVersion');
export type FrozenVersion = z.infer<typeof frozenVersionSchema>;

/** A report's figure: counts, rates, and how complete they are (null: frozen before it was recorded). */
export const reportFigureSchema = z.strictObject({
  out_total: z.number().int(), out_electronic: z.number().int(), out_signed: z.number().int(),
  in_on_time: z.number().int(), in_late: z.number().int(), in_pending: z.number().int(), secret_excluded: z.number().int(),
  sent_electronic_rate: z.number().nullable(), signed_rate: z.number().nullable(), on_time_rate: z.number().nullable(),
  quarantined_rows: countOrNull, units_without_data: countOrNull,
  complete: z.boolean().nullable().describe('null: not known (frozen before completeness was recorded), never read as complete'),
  // the received and processed rates (Directive 15: "tỷ lệ gửi, nhận, xử lý"); null in a version frozen before they were recorded
  in_total: countOrNull, in_electronic: countOrNull,
  received_electronic_rate: z.number().nullable().describe('in_electronic / in_total'),
  in_completed: countOrNull, in_processed_electronic: countOrNull,
  in_completed_unrecorded: countOrNull.describe('completed incoming documents whose export does not carry the processed field'),
  processed_electronic_rate: z.number().nullable().describe('in_processed_electronic / in_completed; null when no export carries the field'),
}).openapi('ReportFigure');

const rateChange = z.number().nullable();

export const monthlyRowSchema = z.strictObject({
  section: z.enum(['province', 'level', 'district', 'body']),
  code: z.string().describe('38 (the province), a level, a district or a provincial body'),
  name: z.string(),
  period: reportFigureSchema,
  previous: reportFigureSchema.describe('the previous period of the same kind, at the same as_of'),
  change: z.strictObject({
    sent_electronic_rate: rateChange, signed_rate: rateChange, on_time_rate: rateChange,
    received_electronic_rate: rateChange, processed_electronic_rate: rateChange,
  }).describe('period minus previous, per rate'),
  cumulative: reportFigureSchema.describe('from 1 January to the end of the period'),
  rank: z.number().int().nullable(), score: z.number().nullable(),
  previous_rank: z.number().int().nullable(), previous_score: z.number().nullable(),
}).openapi('MonthlyRow');

export const differenceSchema = z.strictObject({
  code: z.string(), name: z.string(), part: z.string().describe('period, previous, cumulative, or rank'), field: z.string(),
  reported: z.number().nullable(), now: z.number().nullable(),
}).openapi('Difference');

export const monthlyReportSchema = z.strictObject({
  report: z.literal('monthly'),
  period: z.string(), period_kind: z.string(), period_name: z.string().describe('in Vietnamese, e.g. Tháng 10 năm 2020'),
  from: date, to: date,
  previous_period: z.strictObject({ period: z.string(), from: date, to: date }),
  cumulative: z.strictObject({ from: date, to: date }),
  as_of: date,
  status: z.enum(['provisional', 'frozen', 'restatement_draft']).describe('provisional (not frozen), frozen (as reported), restatement_draft (recomputed now, not frozen)'),
  version: z.number().int().nullable(), frozen_at: z.string().nullable(), restates_version: z.number().int().nullable(),
  versions: z.array(frozenVersionSchema),
  live_differs: z.boolean().nullable().describe('frozen periods: whether the figures recomputed now differ from the latest version'),
  generated_at: z.string(),
  rows: z.array(monthlyRowSchema),
  differences: z.array(differenceSchema).nullable(),
}).openapi('MonthlyReport');

export const freezeResultSchema = z.strictObject({
  period: z.string(),
  created: z.boolean().describe('false when the period was frozen already (or a restatement found nothing to correct)'),
  version: frozenVersionSchema,
  versions: z.array(frozenVersionSchema),
}).openapi('FreezeResult');

export const restateResultSchema = z.strictObject({ ...freezeResultSchema.shape, differences: z.array(differenceSchema) }).openapi('RestateResult');

export const freezesResponse = z.strictObject({
  report: z.literal('monthly'),
  freezes: z.array(frozenVersionSchema),
});
