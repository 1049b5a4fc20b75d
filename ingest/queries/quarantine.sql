-- Quarantined rows, newest run first. $run and $source may be NULL.
SELECT
  q.run_id::INTEGER AS run_id, q.source_id, q.file, q.row_no::DOUBLE AS row_no,
  q.unit_code, q.doc_id, q.field, q.reason,
  to_json(q.problems) AS problems, q.raw,
  cds_iso(r.finished_at) AS loaded_at
FROM quarantine q JOIN ingest_runs r USING (run_id)
WHERE ($run::BIGINT IS NULL OR q.run_id = $run::BIGINT) AND ($source::VARCHAR IS NULL OR q.source_id = $source::VARCHAR)
ORDER BY q.run_id DESC, q.file_seq, q.row_no
LIMIT $limit::INTEGER OFFSET $offset::INTEGER;
