INSERT INTO report_freezes (report, period, version, period_from, period_to, as_of, frozen_at, frozen_by, scorecard)
VALUES ($report::VARCHAR, $period::VARCHAR, $version::INTEGER, $period_from::DATE, $period_to::DATE, $as_of::DATE, $frozen_at::TIMESTAMPTZ, $frozen_by::VARCHAR, $scorecard::VARCHAR);
