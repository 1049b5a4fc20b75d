-- Every frozen version of a report, of one period when $period is given.
SELECT
  period,
  version::INTEGER AS version,
  strftime(period_from, '%Y-%m-%d') AS period_from,
  strftime(period_to, '%Y-%m-%d') AS period_to,
  strftime(as_of, '%Y-%m-%d') AS as_of,
  cds_iso(frozen_at) AS frozen_at,
  frozen_by,
  scorecard
FROM report_freezes
WHERE report = $report::VARCHAR AND ($period::VARCHAR IS NULL OR period = $period::VARCHAR)
ORDER BY period_from, period_to, version;
