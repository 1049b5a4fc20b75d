-- The state of every source the warehouse has heard of, for the freshness view.
SELECT
  source_id,
  watermark,
  last_run_id::INTEGER AS last_run_id,
  cds_iso(last_success_at) AS last_success_at,
  cds_iso(last_error_at) AS last_error_at,
  last_error,
  last_error_detail,
  rows_loaded_total::BIGINT::DOUBLE AS rows_loaded_total,
  (last_error_at IS NOT NULL AND (last_success_at IS NULL OR last_error_at > last_success_at)) AS failing
FROM source_state
ORDER BY source_id;
