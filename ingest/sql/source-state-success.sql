-- A successful run: the watermark moves with the data it covers (when the source has one).
INSERT INTO source_state (source_id) SELECT $source_id WHERE NOT EXISTS (SELECT 1 FROM source_state WHERE source_id = $source_id);
UPDATE source_state SET
  watermark = CASE WHEN $has_watermark THEN $watermark ELSE watermark END,
  last_run_id = $run_id,
  last_success_at = $at::TIMESTAMPTZ,
  rows_loaded_total = rows_loaded_total + $loaded
WHERE source_id = $source_id;
