import { csvDocument } from './cells.ts';
import { change, COUNT_FIELDS, DIRECTIVE_FIELDS, DIRECTIVE_RATE_FIELDS, RATE_FIELDS, type ReportRow } from './monthly-data.ts';
import type { MonthlyReport } from './monthly-report.ts';
import { periodName } from './vi-text.ts';

/**
 * The monthly report's figures for the planning department's own systems: JSON, and CSV
 * with one line per report row. Keys are the API's (snake_case, rates as fractions).
 */

const rowJson = (r: ReportRow) => ({
  section: r.section,
  code: r.code,
  name: r.name,
  period: r.period,
  previous: r.previous,
  change: Object.fromEntries([...RATE_FIELDS, ...DIRECTIVE_RATE_FIELDS].map((f) => [f, change(r.period[f], r.previous[f])])) as Record<(typeof RATE_FIELDS)[number] | (typeof DIRECTIVE_RATE_FIELDS)[number], number | null>,
  cumulative: r.cumulative,
  rank: r.rank,
  score: r.score,
  previous_rank: r.previous_rank,
  previous_score: r.previous_score,
});

export function monthlyJson(report: MonthlyReport) {
  const { period, previous, cumulative } = report.periods;
  const t = report.main;
  return {
    report: 'monthly' as const,
    period: period.label,
    period_kind: period.kind,
    period_name: periodName(period),
    from: period.from,
    to: period.to,
    previous_period: { period: previous.label, from: previous.from, to: previous.to },
    cumulative: { from: cumulative.from, to: cumulative.to },
    as_of: t.as_of,
    /** provisional (not frozen), frozen (as reported), restatement_draft (recomputed now, not frozen) */
    status: t.status,
    version: t.status === 'frozen' ? t.version!.version : null,
    frozen_at: t.status === 'frozen' ? t.version!.frozen_at : null,
    restates_version: t.status === 'restatement_draft' ? t.version!.version : null,
    versions: report.versions,
    live_differs: report.live_differs,
    generated_at: report.generated_at,
    rows: t.rows.map(rowJson),
    differences: report.differences,
  };
}

export const CSV_HEADER = [
  'period', 'as_of', 'status', 'version', 'frozen_at', 'section', 'code', 'name',
  ...COUNT_FIELDS, ...RATE_FIELDS,
  ...RATE_FIELDS.map((f) => `previous_${f}`),
  ...RATE_FIELDS.map((f) => `change_${f}`),
  ...[...COUNT_FIELDS, ...RATE_FIELDS].map((f) => `cumulative_${f}`),
  'rank', 'previous_rank', 'score',
  // how complete the period's and the cumulative figures are (empty: not recorded when frozen)
  'quarantined_rows', 'units_without_data', 'complete',
  'cumulative_quarantined_rows', 'cumulative_units_without_data', 'cumulative_complete',
  // the received and processed rates (Directive 15: "tỷ lệ gửi, nhận, xử lý"), added after
  // the columns above so that a reader of the earlier layout finds its columns where they were;
  // empty in a version frozen before they were recorded
  ...DIRECTIVE_FIELDS,
  ...DIRECTIVE_RATE_FIELDS.map((f) => `previous_${f}`),
  ...DIRECTIVE_RATE_FIELDS.map((f) => `change_${f}`),
  ...DIRECTIVE_FIELDS.map((f) => `cumulative_${f}`),
];

export function monthlyCsv(report: MonthlyReport): Buffer {
  const t = report.main;
  const version = t.version ? t.version.version : null;
  const frozenAt = t.status === 'frozen' ? t.version!.frozen_at : null;
  return csvDocument(CSV_HEADER, t.rows.map((r) => [
    report.periods.period.label, t.as_of, t.status, version, frozenAt, r.section, r.code, r.name,
    ...COUNT_FIELDS.map((f) => r.period[f]), ...RATE_FIELDS.map((f) => r.period[f]),
    ...RATE_FIELDS.map((f) => r.previous[f]),
    ...RATE_FIELDS.map((f) => change(r.period[f], r.previous[f])),
    ...[...COUNT_FIELDS, ...RATE_FIELDS].map((f) => r.cumulative[f]),
    r.rank, r.previous_rank, r.score,
    r.period.quarantined_rows, r.period.units_without_data, r.period.complete,
    r.cumulative.quarantined_rows, r.cumulative.units_without_data, r.cumulative.complete,
    ...DIRECTIVE_FIELDS.map((f) => r.period[f]),
    ...DIRECTIVE_RATE_FIELDS.map((f) => r.previous[f]),
    ...DIRECTIVE_RATE_FIELDS.map((f) => change(r.period[f], r.previous[f])),
    ...DIRECTIVE_FIELDS.map((f) => r.cumulative[f]),
  ]));
}
