INSERT INTO ingest_runs VALUES (
  $run_id, $source_id, $trigger, $started_at::TIMESTAMPTZ, $finished_at::TIMESTAMPTZ, $status, $files,
  $received, $loaded, $updated, $unchanged, $quarantined, $error, $watermark_before, $watermark_after);
