-- The frozen versions of a report's period, oldest first.
SELECT
  version::INTEGER AS version,
  strftime(period_from, '%Y-%m-%d') AS period_from,
  strftime(period_to, '%Y-%m-%d') AS period_to,
  strftime(as_of, '%Y-%m-%d') AS as_of,
  cds_iso(frozen_at) AS frozen_at,
  frozen_by
FROM report_freezes
WHERE report = $report::VARCHAR AND period = $period::VARCHAR
ORDER BY version;
