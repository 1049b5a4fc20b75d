SELECT period, cds_iso(min(frozen_at)) AS frozen_at, min(as_of)::VARCHAR AS as_of
FROM report_freezes WHERE report = $report GROUP BY period ORDER BY period;
