-- The quarantine as a work queue: its entries, newest run first, each with its status as
-- the last build left it (fct_quarantine_rows: open, resolved, repeated), the business day
-- it counts on and how it counts. An entry of a run after the last build is not in the
-- mart yet: it is listed as open, without a day (the build that follows the run places it).
-- Filters (each NULL for all): $run, $source, $unit (the row's unit code, known or not),
-- $code (a problem code among the row's), $status, $from..$to (the row's business day).
-- An entry is known by (run_id, file_seq, row_no): a file's row is quarantined once per run.
WITH listed AS (
  SELECT
    q.run_id, q.source_id, q.file_seq, q.file, q.row_no, q.unit_code, u.name AS unit_name, q.doc_id, q.field, q.reason,
    q.problems, q.raw, r.finished_at,
    coalesce(f.status, 'open') AS status, f.resolved_by_run, f.event_date, f.date_basis, f.seen, f.first_seen_run, f.counted_as
  FROM quarantine q
  JOIN ingest_runs r USING (run_id)
  LEFT JOIN fct_quarantine_rows f ON f.run_id = q.run_id AND f.file_seq = q.file_seq AND f.row_no = q.row_no
  LEFT JOIN units u ON u.code = q.unit_code
  WHERE ($run::BIGINT IS NULL OR q.run_id = $run::BIGINT)
    AND ($source::VARCHAR IS NULL OR q.source_id = $source::VARCHAR)
    AND ($unit::VARCHAR IS NULL OR q.unit_code = $unit::VARCHAR)
    AND ($code::VARCHAR IS NULL OR list_contains(list_transform(q.problems, p -> p.code), $code::VARCHAR))
    AND ($from::DATE IS NULL OR f.event_date BETWEEN $from::DATE AND $to::DATE)
), selected AS (
  SELECT * FROM listed WHERE $status::VARCHAR IS NULL OR status = $status::VARCHAR
)
SELECT
  run_id::INTEGER AS run_id, source_id, file, row_no::DOUBLE AS row_no,
  unit_code, unit_name, doc_id, field, reason,
  to_json(problems)::VARCHAR AS problems, raw,
  cds_iso(finished_at) AS loaded_at,
  status, resolved_by_run::INTEGER AS resolved_by_run,
  strftime(event_date, '%Y-%m-%d') AS event_date, date_basis,
  seen, first_seen_run::INTEGER AS first_seen_run, counted_as,
  -- not count(*) OVER (): DuckDB 1.5.5's parallel window intermittently fails on it with an
  -- internal error that invalidates the database until a restart (duckdb/duckdb#25713)
  (SELECT count(*) FROM selected)::INTEGER AS total
FROM selected
ORDER BY run_id DESC, file_seq, row_no
LIMIT $limit::INTEGER OFFSET $offset::INTEGER;
