import { z } from '@hono/zod-openapi';
import { periodMapSchema } from './period-map-schema.ts';

/**
 * The shapes of the figures as the API serves them: the one definition the server's types
 * (figures.ts, quarantine.ts), the routes' OpenAPI responses and the dashboard's client
 * (ui/api.ts, as types only) all use. Rates are fractions 0..1, or null when there is
 * nothing to count (README: The figures).
 */

const rate = (what: string) => z.number().min(0).max(1).nullable().describe(`${what}; null when there is nothing to count`);
const count = (what: string) => z.number().int().min(0).describe(what);
const date = z.string().describe('a date, YYYY-MM-DD');
const month = z.string().describe('a month, YYYY-MM');

export const levelSchema = z.enum(['province', 'district', 'commune']).describe('province: provincial bodies; district: district People\'s Committees; commune: communes');

export const unitSchema = z.strictObject({
  code: z.string().describe('the registry\'s code (config/units.csv)'),
  name: z.string().describe('the unit\'s name, in Vietnamese'),
  short_name: z.string(),
  level: levelSchema,
  parent_code: z.string().describe('38 (the province) or the district of a commune'),
  district_code: z.string().nullable(),
}).openapi('Unit');
export type Unit = z.infer<typeof unitSchema>;

export const countsShape = {
  out_total: count('outgoing documents (secret ones left out)'),
  out_electronic: count('outgoing documents sent electronically (channel electronic or both)'),
  out_signed: count('outgoing documents digitally signed'),
  in_on_time: count('incoming documents with a deadline completed on or before it'),
  in_late: count('incoming documents completed after the deadline, or still open past it as of as_of'),
  in_pending: count('incoming documents still open, deadline not yet passed'),
  secret_excluded: count('secret documents, left out of every count'),
  sent_electronic_rate: rate('out_electronic / out_total'),
  signed_rate: rate('out_signed / out_total'),
  on_time_rate: rate('in_on_time / (in_on_time + in_late)'),
};
export const countsSchema = z.strictObject(countsShape).openapi('Counts');

/**
 * The received and processed rates (Directive 15: "tỷ lệ gửi, nhận, xử lý"), beside the
 * counts of /api/rates and /api/trend (marts/received_electronic.sql,
 * marts/processed_electronic.sql). The processed rate counts only documents whose export
 * carries the field: null when none does (never 0), and in_completed_unrecorded says how
 * many completed documents it could not count (its completeness).
 */
export const directiveShape = {
  in_total: count('incoming documents (secret ones left out)'),
  in_electronic: count('incoming documents received electronically (channel electronic or both)'),
  received_electronic_rate: rate('in_electronic / in_total'),
  in_completed: count('incoming documents completed by as_of whose export records whether they were processed electronically'),
  in_processed_electronic: count('of in_completed, those handled as an electronic work file'),
  in_completed_unrecorded: count('incoming documents completed by as_of whose export does not carry the processed field: not in the processed rate'),
  processed_electronic_rate: rate('in_processed_electronic / in_completed; null when no export of the unit(s) carries the field'),
};
export type DirectiveCounts = z.infer<z.ZodObject<typeof directiveShape>>;
export type Counts = z.infer<typeof countsSchema>;

/**
 * How complete a figure is (README, "Completeness"): open quarantined rows of its units in
 * the period (by business date, or the day the file was received when the row has no
 * readable date), units due to have documents that have none (for a unit: 1 when it is
 * that unit), and complete when both are 0. quarantined_as_out, quarantined_as_late,
 * quarantined_as_in and quarantined_as_completed: of the open rows, those the count_against
 * ranking rule counts as a failing outgoing, a late incoming, an incoming document not
 * received electronically, or a completed one not processed electronically.
 */
export const completenessShape = {
  quarantined_rows: count('open quarantined rows of the unit(s) in the period'),
  units_without_data: count('units due to have documents that have none in the period (a unit: 1 when it has none)'),
  complete: z.boolean().describe('false when either count is not 0'),
  quarantined_as_out: count('of the open rows, those the count_against rule counts as a failing outgoing document'),
  quarantined_as_late: count('of the open rows, those the count_against rule counts as a late incoming document'),
  quarantined_as_in: count('of the open rows, the incoming ones (deadline or not) the count_against rule counts as an incoming document not received electronically (in in_total, not in in_electronic)'),
  quarantined_as_completed: count('of those incoming rows, the ones with a completion time (readable or not) the count_against rule counts as a completed document not processed electronically (in in_completed, not in in_processed_electronic)'),
};
export type Completeness = z.infer<z.ZodObject<typeof completenessShape>>;

/** open quarantined rows whose unit is unknown or missing: counted at the province (38) only, 0 elsewhere */
const unknownUnit = count('open quarantined rows whose unit is unknown or missing: counted at the province (38) only, 0 elsewhere');
export type AreaCompleteness = Completeness & { quarantined_rows_unknown_unit: number };

export const unitRatesSchema = z.strictObject({
  code: z.string(), name: z.string(), level: levelSchema, parent_code: z.string(),
  ...countsShape, ...completenessShape, ...directiveShape,
  paper_to_office: count('paper the Provincial Office logged from it on or after its milestone (provincial bodies; 0 for others)'),
}).openapi('UnitRates');
export type UnitRates = z.infer<typeof unitRatesSchema>;

/** A unit of an inspection team in the order to check it (analytics/queries/priority.sql). */
export const priorityRowSchema = z.strictObject({
  priority: z.number().int().min(1).describe('1, 2, …: the order to check the units in'),
  code: z.string(), name: z.string(), level: levelSchema, parent_code: z.string(),
  ...countsShape, ...completenessShape,
  violating_documents: count('documents that pull a rate down in the period (on paper, not signed, or late), each once, and a provincial body\'s paper logged by the Provincial Office after its milestone (paper_to_office)'),
  score: z.number().nullable().describe('the configured scorecard\'s score, as the ranking computes it (by default the mean of the rates that have data, rounded to 4 decimals); null without any rate of the scorecard'),
  needs_check: z.boolean().describe('"cần kiểm tra": score below settings priority.scoreBelow, or at least priority.documentsFrom violating documents'),
}).openapi('PriorityRow');
export type PriorityRow = z.infer<typeof priorityRowSchema>;

export const areaRatesShape = { ...countsShape, ...completenessShape, ...directiveShape, quarantined_rows_unknown_unit: unknownUnit, units: count('units in the area') };
export type AreaRates = z.infer<z.ZodObject<typeof areaRatesShape>>;

/**
 * A member of a ranking (a district area, a provincial body or a commune). Under the count_against rule its counts and rates are those
 * it is ranked on: with quarantined_as_out added to out_total, quarantined_as_late to in_late and
 * quarantined_as_in to in_total, quarantined_as_completed to in_completed.
 */
export const rankingRowSchema = z.strictObject({
  code: z.string(), name: z.string(), short_name: z.string(),
  district_code: z.string().nullable().describe('a commune\'s district; null for a district or a provincial body'),
  ...countsShape, ...completenessShape, ...directiveShape,
  paper_to_office: count('paper the Provincial Office logged from it on or after its milestone (provincial bodies; 0 for others): the paper_to_office penalty\'s documents'),
  rank: z.number().int().min(1).nullable().describe('ties share a rank (1, 2, 2, 4); null: unranked'),
  previous_rank: z.number().int().min(1).nullable().describe('the rank in the previous period of the same kind'),
  score: z.number().nullable().describe('the scorecard\'s score (scorecard in the response; by default the mean of the three rates, null rates left out)'),
  unranked_reason: z.enum(['no_data', 'incomplete']).nullable().describe('why rank is null: no_data (no rate at all), incomplete (the unranked rule)'),
}).openapi('RankingRow');
export type RankingRow = z.infer<typeof rankingRowSchema>;

export const monthRatesSchema = z.strictObject({
  month,
  ...countsShape,
  quarantined_rows: completenessShape.quarantined_rows,
  quarantined_rows_unknown_unit: unknownUnit,
  units_without_data: completenessShape.units_without_data,
  complete: completenessShape.complete,
  carried_units: count('units not on the map the trend is pooled on whose documents the month holds: a new commune\'s predecessors before 1/7/2025 (issue 17)'),
  ...directiveShape,
}).openapi('MonthRates');
export type MonthRates = z.infer<typeof monthRatesSchema>;

const { secret_excluded: _secret, ...monthCountsShape } = countsShape;
export const levelMilestoneSchema = z.strictObject({
  level: levelSchema,
  milestone: date.describe('the level\'s milestone (inclusive): 2020-05-22, 2020-07-01, 2020-09-01'),
  not_yet_due: z.boolean(),
  units: count('units of the level'),
  units_full_compliance: count('units at 100 % since the milestone'),
  units_without_outgoing: count('units without an outgoing document since the milestone'),
  baseline: countsSchema.describe('before the milestone'),
  required: countsSchema.describe('from the milestone to as_of'),
  months: z.array(z.strictObject({ month, ...monthCountsShape })),
}).openapi('LevelMilestone');
export type LevelMilestone = z.infer<typeof levelMilestoneSchema>;

/** What the load decided about an empty or unreadable value (ingest/mapping/field-rules.ts). */
export const dataNoteSchema = z.strictObject({
  field: z.string(),
  code: z.string().describe('e.g. empty_counted_not_signed'),
  message: z.string().describe('in Vietnamese, e.g. Ô "Ký số" để trống: tính là chưa ký số'),
}).openapi('DataNote');
export type DataNote = z.infer<typeof dataNoteSchema>;

/**
 * Why a document is listed: outgoing on paper only, outgoing not signed, incoming late, and
 * (a provincial body's) paper it sent to the Provincial Office after its milestone, listed as
 * the document at the office (paper_to_office).
 */
export const VIOLATION_REASONS = ['not_electronic', 'not_signed', 'late', 'paper_to_office'] as const;

const provenance = {
  source_id: z.string().describe('the source that loaded it'),
  run_id: z.number().int().describe('the load run that last set its values'),
  file: z.string().nullable().describe('the file it came from'),
  row_no: z.number().int().describe('its row in the file, as a spreadsheet shows it (header = row 1)'),
};

export const violationSchema = z.strictObject({
  unit_code: z.string().describe('the unit it counts for on the map of the period\'s last day (a note says when the document carries another code); paper_to_office: the Provincial Office'), doc_id: z.string(), direction: z.enum(['out', 'in']),
  number: z.string().nullable(), doc_type: z.string().nullable(), doc_date: z.string().nullable(),
  event_time: z.string().describe('sent (out) or received (in), ISO 8601'),
  event_date: date.describe('the business date: event_time in Asia/Ho_Chi_Minh'),
  channel: z.string().nullable(), signed: z.boolean().nullable(), deadline: z.string().nullable(), completed_time: z.string().nullable(),
  sender: z.string().nullable().describe('incoming: the sender as the register wrote it (a registry code or a name); null when not recorded'),
  reasons: z.array(z.enum(VIOLATION_REASONS)),
  notes: z.array(dataNoteSchema),
  ...provenance,
}).openapi('Violation');
export type Violation = z.infer<typeof violationSchema>;

export const dataNoteGroupSchema = z.strictObject({
  unit_code: z.string(), unit_name: z.string().nullable(), field: z.string(), code: z.string(),
  example: z.string().describe('one of the notes\' messages, in Vietnamese'),
  documents: count('documents with this note'),
});
export const notedDocumentSchema = z.strictObject({
  unit_code: z.string(), doc_id: z.string(), direction: z.enum(['out', 'in']), number: z.string().nullable(), doc_type: z.string().nullable(),
  event_date: date, channel: z.string().nullable(), signed: z.boolean().nullable(), security: z.string(),
  notes: z.array(dataNoteSchema),
  ...provenance,
}).openapi('NotedDocument');

const scopeShape = {
  period: z.string().describe('the period as asked: 2020-10, 2020-Q4, 2020-6M, 2020-9M, 2020, or from..to'),
  from: date, to: date,
  as_of: date.describe('figures as they stood at the end of that day'),
  include_baseline: z.boolean(),
};

export const unitsResponse = z.strictObject({ units: z.array(unitSchema) });
export const dataRangeResponse = z.strictObject({
  first_month: month.nullable(), last_month: month.nullable(), documents: count('documents in the warehouse'),
}).openapi('DataRange');
export type DataRange = z.infer<typeof dataRangeResponse>;

/** A unit asked for (`unit=`) that is not on the map of the period's end: when it ended, and where it went (issue 17). */
export const endedUnitSchema = z.strictObject({
  code: z.string(),
  name: z.string().describe('its name in its last version'),
  valid_to: date.describe('its last day'),
  successors: z.array(z.strictObject({
    code: z.string(), name: z.string().nullable(),
    main: z.boolean().describe('takes its history and the documents still carrying its code'),
  })).describe('the units it went into'),
}).openapi('EndedUnit');
export type EndedUnit = z.infer<typeof endedUnitSchema>;

export const unitRatesResponse = z.strictObject({
  ...scopeShape,
  units: z.array(unitRatesSchema),
  ended: endedUnitSchema.nullable().optional().describe('with `unit=`: null while the unit is on the map of the period\'s last day; else when it ended and its successors, and `units` holds its figures for the days of the period it existed (none when the period began after its end)'),
}).openapi('RatesOfUnits');
export const areaFigureSchema = z.strictObject({
  code: z.string().describe('38, a level, a district or a commune code'), name: z.string(), area_kind: z.enum(['province', 'level', 'district', 'commune']),
  ...areaRatesShape,
}).openapi('AreaFigure');
export const areaRatesResponse = z.strictObject({ ...scopeShape, area: areaFigureSchema }).openapi('RatesOfArea');
export type AreaRatesResponse = z.infer<typeof areaRatesResponse>;

export const trendResponse = z.strictObject({
  area: z.strictObject({ code: z.string(), name: z.string(), kind: z.enum(['province', 'level', 'district', 'commune']) }),
  from: month, to: month, as_of: date,
  months: z.array(monthRatesSchema),
});

export const scorecardSchema = z.strictObject({
  indicators: z.array(z.strictObject({
    rate: z.enum(['sent_electronic_rate', 'signed_rate', 'on_time_rate', 'received_electronic_rate', 'processed_electronic_rate']),
    weight: z.number().describe('its weight in the weighted mean'),
    target: z.number().describe('the rate (0..1) at which its bonus is earned'),
    bonus: z.number().describe('points added when the rate reaches the target'),
  })),
  penalties: z.array(z.strictObject({
    kind: z.enum(['not_electronic', 'not_signed', 'late', 'paper_to_office']),
    points: z.number().describe('points taken off per document of this kind'),
  })),
}).describe('what the score is (settings ranking.scorecard; README "The score")').openapi('Scorecard');

export const rankingResponse = z.strictObject({
  period: scopeShape.period, from: date, to: date, as_of: date,
  level: levelSchema.describe('the peer group: province (the provincial bodies), district (the district areas on the map of the period\'s end; none from 1/7/2025), commune'),
  district: z.string().nullable().describe('level commune: the district whose communes are ranked; null: all the communes of the province'),
  incomplete_rule: z.enum(['count_against', 'as_computed', 'unranked']).describe('what the ranking did with incomplete members (settings ranking.incompleteUnits)'),
  scorecard: scorecardSchema,
  completeness: z.strictObject({
    incomplete: count('members whose figures are incomplete'),
    units_without_data: count('their units without data, together'),
    quarantined_rows: count('their open quarantined rows, together'),
  }).describe('the line under the ranking'),
  map: periodMapSchema.describe('the map ranked on (issue 17): the level it ranks by default (ranked_level), and the changes the period spans'),
  units: z.array(rankingRowSchema).describe('the members in rank order, the unranked last; on the map of the period\'s end (from 1/7/2025 the 166 communes; level=district then has no members)'),
}).openapi('Ranking');
export type Ranking = z.infer<typeof rankingResponse>;

export const milestonesResponse = z.strictObject({ as_of: date, levels: z.array(levelMilestoneSchema) });

export const violationsResponse = z.strictObject({
  ...scopeShape,
  unit: z.strictObject({ code: z.string(), name: z.string().describe('its name on the period\'s last day (or its last name, for a unit that had ended)'), level: levelSchema }),
  reason: z.enum(VIOLATION_REASONS).nullable(),
  limit: z.number().int(), offset: z.number().int(),
  total: count('documents in all pages'),
  rows: z.array(violationSchema),
});

/**
 * The cross-check of self-reports (marts/receipts_on_paper_from_unit.sql) and paper sent to
 * the Provincial Office (marts/paper_sent_to_office.sql), per unit of the registry.
 */
export const crossCheckRowSchema = z.strictObject({
  code: z.string(), name: z.string(), level: levelSchema,
  out_total: count('outgoing documents its own register lists (secret ones left out)'),
  out_electronic: count('of them, sent electronically as its register says'),
  sent_electronic_rate: rate('out_electronic / out_total, as it reports itself'),
  receipts_on_paper: count('incoming documents on paper that other units logged from it, in its phase'),
  recipients: count('the units that logged them'),
  paper_to_office: count('of those, at the Provincial Office on or after its milestone (provincial bodies; 0 for others)'),
  contradicted: z.boolean().describe('its register claims 100 % sent electronically while recipients logged paper from it'),
}).openapi('CrossCheckRow');
export type CrossCheckRow = z.infer<typeof crossCheckRowSchema>;

export const crossCheckResponse = z.strictObject({
  ...scopeShape,
  office: z.string().describe('the Provincial Office\'s code (settings provincialOffice)'),
  office_unattributed: z.strictObject({
    without_sender: count('paper the office logged with no sender recorded: attributable to nobody'),
    outside_registry: count('paper the office logged from bodies outside the registry'),
  }).describe('the completeness of paper_to_office'),
  units: z.array(crossCheckRowSchema),
}).openapi('CrossCheck');
export type CrossCheck = z.infer<typeof crossCheckResponse>;

export const dataNotesResponse = z.strictObject({
  period: z.string().nullable(), from: date.nullable(), to: date.nullable(), unit: z.string().nullable(), code: z.string().nullable(),
  limit: z.number().int(), offset: z.number().int(),
  groups: z.array(dataNoteGroupSchema),
  total: count('documents with notes in all pages'),
  documents: z.array(notedDocumentSchema),
}).openapi('DataNotes');
export type DataNotes = z.infer<typeof dataNotesResponse>;

// the quarantine as a work queue (quarantine.ts)

export const QUARANTINE_STATUSES = ['open', 'resolved', 'repeated'] as const;
export const quarantineStatusSchema = z.enum(QUARANTINE_STATUSES).describe('open: to fix; resolved: a later load set the same document; repeated: an earlier copy of a row quarantined again');

export const quarantineProblemSchema = z.strictObject({
  field: z.string().nullable(), code: z.string(), message: z.string().describe('as the load wrote it (English)'),
  message_vi: z.string().describe('in Vietnamese, for the people who correct the export'),
  field_vi: z.string().nullable().describe('the field as the Vietnamese registers name it'),
});

export const quarantineRowSchema = z.strictObject({
  run_id: z.number().int(), source_id: z.string(), file: z.string(),
  row_no: z.number().int().describe('the row as a spreadsheet shows it (header = row 1)'),
  unit_code: z.string().nullable(), unit_name: z.string().nullable().describe('null when the unit is not in the registry'),
  doc_id: z.string().nullable(), field: z.string().nullable(),
  reason: z.string().describe('the stored reason (English, as the load wrote it)'),
  reason_vi: z.string().describe('in Vietnamese'),
  problems: z.array(quarantineProblemSchema),
  values: z.record(z.string(), z.string().nullable()).nullable().describe('the row\'s values by canonical field, when the load kept them as such'),
  raw: z.string().nullable().describe('the raw text as stored (JSON of the values, or the unreadable line)'),
  loaded_at: z.string(),
  status: quarantineStatusSchema,
  resolved_by_run: z.number().int().nullable(),
  event_date: date.nullable(),
  date_basis: z.enum(['event_time', 'received']).nullable().describe('event_time: the row\'s own date; received: the day its file was received'),
  seen: z.number().int().nullable().describe('how many runs quarantined this row'),
  first_seen_run: z.number().int().nullable(),
  counted_as: z.enum(['out', 'late']).nullable().describe('what the count_against ranking rule counts it as'),
}).openapi('QuarantineRow');
export type QuarantineRow = z.infer<typeof quarantineRowSchema>;

export const quarantineListResponse = z.strictObject({
  status: quarantineStatusSchema.nullable(), from: date.nullable(), to: date.nullable(),
  limit: z.number().int(), offset: z.number().int(),
  total: count('rows in all pages'),
  rows: z.array(quarantineRowSchema),
});

export const quarantineSummarySchema = z.strictObject({
  by_unit: z.array(z.strictObject({ unit_code: z.string().nullable(), unit_name: z.string().nullable(), rows: z.number().int() })),
  by_source: z.array(z.strictObject({ source_id: z.string(), rows: z.number().int() })),
  by_reason: z.array(z.strictObject({ code: z.string(), field: z.string().nullable(), field_vi: z.string().nullable(), label_vi: z.string(), rows: z.number().int() })),
  total: z.number().int(),
});
export type QuarantineSummary = z.infer<typeof quarantineSummarySchema>;

export const quarantineSummaryResponse = z.strictObject({
  status: quarantineStatusSchema, from: date.nullable(), to: date.nullable(),
  ...quarantineSummarySchema.shape,
}).openapi('QuarantineSummary');
