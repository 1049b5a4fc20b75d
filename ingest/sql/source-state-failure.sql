-- A failed run keeps the watermark and the last success; it records the error.
INSERT INTO source_state (source_id) SELECT $source_id WHERE NOT EXISTS (SELECT 1 FROM source_state WHERE source_id = $source_id);
UPDATE source_state SET last_run_id = $run_id, last_error_at = $at::TIMESTAMPTZ, last_error = $error, last_error_detail = $error_detail
WHERE source_id = $source_id;
