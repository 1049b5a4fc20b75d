import { csvDocument } from './cells.ts';
import { change, COUNT_FIELDS, DIRECTIVE_FIELDS, DIRECTIVE_RATE_FIELDS, RATE_FIELDS, type ReportRow } from './monthly-data.ts';
import type { MonthlyReport } from './monthly-report.ts';
import { peopleCsv, type PeopleColumn } from './people-csv.ts';
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

const SECTION_LABELS: Record<string, string> = { province: 'Toàn tỉnh', level: 'Theo cấp', district: 'Huyện, thị xã, thành phố', body: 'Sở, ban, ngành' };
const STATUS_LABELS: Record<string, string> = { provisional: 'Tạm tính, chưa chốt', frozen: 'Đã chốt', restatement_draft: 'Điều chỉnh, chưa chốt' };
const COUNT_LABELS: Record<(typeof COUNT_FIELDS)[number], string> = {
  out_total: 'Văn bản đi', out_electronic: 'Văn bản đi gửi điện tử', out_signed: 'Văn bản đi ký số',
  in_on_time: 'Văn bản đến xử lý đúng hạn', in_late: 'Văn bản đến trễ hạn', in_pending: 'Văn bản đến đang xử lý (chưa đến hạn)',
  secret_excluded: 'Văn bản mật (không tính)',
};
const RATE_LABELS: Record<(typeof RATE_FIELDS)[number], string> = { sent_electronic_rate: 'Tỷ lệ gửi điện tử', signed_rate: 'Tỷ lệ ký số', on_time_rate: 'Tỷ lệ xử lý đúng hạn' };
const yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? null : v ? 'Có' : 'Không');

/**
 * The monthly report as CSV for people (people-csv.ts: Vietnamese headers, `;`, percent with
 * a decimal comma, local dates): one line per report line. `?columns=machine` gives
 * monthlyCsv's machine names instead.
 */
export function monthlyPeopleCsv(report: MonthlyReport): Buffer {
  const t = report.main;
  const p = report.periods.period;
  const frozenAt = t.status === 'frozen' ? t.version!.frozen_at : null;
  const columns: PeopleColumn<ReportRow>[] = [
    { label: 'Kỳ báo cáo', type: 'text', value: () => periodName(p) },
    { label: 'Từ ngày', type: 'date', value: () => p.from },
    { label: 'Đến ngày', type: 'date', value: () => p.to },
    { label: 'Số liệu đến ngày', type: 'date', value: () => t.as_of },
    { label: 'Tình trạng', type: 'text', value: () => STATUS_LABELS[t.status] ?? t.status },
    { label: 'Phiên bản', type: 'integer', value: () => (t.version ? t.version.version : null) },
    { label: 'Thời điểm chốt', type: 'datetime', value: () => frozenAt },
    { label: 'Nhóm', type: 'text', value: (r) => SECTION_LABELS[r.section] ?? r.section },
    { label: 'Mã', type: 'text', value: (r) => r.code },
    { label: 'Đơn vị', type: 'text', value: (r) => r.name },
    ...COUNT_FIELDS.map((f): PeopleColumn<ReportRow> => ({ label: COUNT_LABELS[f], type: 'integer', value: (r) => r.period[f] })),
    ...RATE_FIELDS.map((f): PeopleColumn<ReportRow> => ({ label: RATE_LABELS[f], type: 'percent', value: (r) => r.period[f] })),
    ...RATE_FIELDS.map((f): PeopleColumn<ReportRow> => ({ label: `${RATE_LABELS[f]} kỳ trước`, type: 'percent', value: (r) => r.previous[f] })),
    ...RATE_FIELDS.map((f): PeopleColumn<ReportRow> => ({ label: `${RATE_LABELS[f]}: tăng, giảm so với kỳ trước`, type: 'percent', value: (r) => change(r.period[f], r.previous[f]) })),
    ...COUNT_FIELDS.map((f): PeopleColumn<ReportRow> => ({ label: `${COUNT_LABELS[f]} từ đầu năm`, type: 'integer', value: (r) => r.cumulative[f] })),
    ...RATE_FIELDS.map((f): PeopleColumn<ReportRow> => ({ label: `${RATE_LABELS[f]} từ đầu năm`, type: 'percent', value: (r) => r.cumulative[f] })),
    { label: 'Xếp hạng', type: 'integer', value: (r) => r.rank },
    { label: 'Xếp hạng kỳ trước', type: 'integer', value: (r) => r.previous_rank },
    { label: 'Điểm', type: 'percent', value: (r) => r.score },
    // how complete the figures are (empty: not recorded when frozen)
    { label: 'Văn bản lỗi chưa xử lý', type: 'integer', value: (r) => r.period.quarantined_rows },
    { label: 'Đơn vị chưa có dữ liệu', type: 'integer', value: (r) => r.period.units_without_data },
    { label: 'Đủ dữ liệu', type: 'text', value: (r) => yesNo(r.period.complete) },
    { label: 'Văn bản lỗi chưa xử lý từ đầu năm', type: 'integer', value: (r) => r.cumulative.quarantined_rows },
    { label: 'Đơn vị chưa có dữ liệu từ đầu năm', type: 'integer', value: (r) => r.cumulative.units_without_data },
    { label: 'Đủ dữ liệu từ đầu năm', type: 'text', value: (r) => yesNo(r.cumulative.complete) },
  ];
  return peopleCsv(columns, t.rows);
}

/** The monthly report as CSV for systems: the API's names, comma-separated, rates as fractions (`?columns=machine`). */
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
