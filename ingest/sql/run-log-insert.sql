INSERT INTO ingest_runs (
  run_id, source_id, trigger, started_at, finished_at, status, files,
  rows_received, rows_loaded, rows_updated, rows_unchanged, rows_quarantined, error, watermark_before, watermark_after, error_detail)
VALUES (
  $run_id, $source_id, $trigger, $started_at::TIMESTAMPTZ, $finished_at::TIMESTAMPTZ, $status, $files,
  $received, $loaded, $updated, $unchanged, $quarantined, $error, $watermark_before, $watermark_after, $error_detail);
