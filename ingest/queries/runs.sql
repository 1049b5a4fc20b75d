-- The run log, newest first. $source may be NULL (all sources).
SELECT
  run_id::INTEGER AS run_id, source_id, trigger, status,
  cds_iso(started_at) AS started_at, cds_iso(finished_at) AS finished_at,
  files,
  rows_received::DOUBLE AS rows_received, rows_loaded::DOUBLE AS rows_loaded,
  rows_updated::DOUBLE AS rows_updated, rows_unchanged::DOUBLE AS rows_unchanged,
  rows_quarantined::DOUBLE AS rows_quarantined,
  error, error_detail, watermark_before, watermark_after
FROM ingest_runs
WHERE $source::VARCHAR IS NULL OR source_id = $source::VARCHAR
ORDER BY run_id DESC
LIMIT $limit::INTEGER OFFSET $offset::INTEGER;
