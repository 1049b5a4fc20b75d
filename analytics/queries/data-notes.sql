-- The documents behind data-notes-groups.sql, paged ($limit, $offset), optionally of one note
-- code ($code): each with its notes and the file and row it was loaded from, so the unit can
-- fill the cell in its register and export again.
-- The total counts the matching rows by a scalar subquery, not count(*) OVER (): DuckDB
-- 1.5.5's parallel window intermittently fails on it with an internal error that
-- invalidates the database until the process restarts (duckdb/duckdb#25713).
WITH matching AS (
  SELECT d.unit_code, d.doc_id, d.direction, d.number, d.doc_type, strftime(d.event_date, '%Y-%m-%d') AS event_date,
         d.channel, d.signed, d.security, d.notes, d.source_id, d.run_id::INTEGER AS run_id, f.name AS file, d.row_no::DOUBLE AS row_no,
         d.event_time AS order_time
  -- documents with a note for a unit code that had ended by their date, too (issue 17)
  FROM stg_documents_noted d
  LEFT JOIN ingest_files f ON f.run_id = d.run_id AND f.file_seq = d.file_seq
  WHERE len(d.notes) > 0 AND d.event_date BETWEEN $from::DATE AND $to::DATE
    AND ($unit::VARCHAR IS NULL OR d.unit_code = $unit::VARCHAR)
    AND ($code::VARCHAR IS NULL OR list_contains(list_transform(d.notes, x -> x.code), $code::VARCHAR))
)
SELECT m.* EXCLUDE (order_time), (SELECT count(*) FROM matching)::INTEGER AS total
FROM matching m
ORDER BY m.unit_code, m.order_time, m.doc_id
LIMIT $limit::INTEGER OFFSET $offset::INTEGER;
