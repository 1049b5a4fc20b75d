-- The quarantine marts are small and rebuilt whole in every build, so their tests are
-- global (they run in every build), except the one that reads the documents.

-- test: fct_quarantine_rows_every_entry_once
-- every entry of the quarantine, once (the mart has one row per entry)
SELECT * FROM (SELECT (SELECT count(*) FROM quarantine) AS entries, (SELECT count(*) FROM fct_quarantine_rows) AS mart_rows)
WHERE entries <> mart_rows;

-- test: fct_quarantine_rows_accepted_values
SELECT * FROM fct_quarantine_rows
WHERE status IS NULL OR status NOT IN ('open', 'resolved', 'repeated')
   OR date_basis IS NULL OR date_basis NOT IN ('event_time', 'received')
   OR event_date IS NULL OR is_baseline IS NULL
   OR (status = 'resolved') <> (resolved_by_run IS NOT NULL)
   OR resolved_by_run <= run_id
   OR (counted_as IS NOT NULL AND (status <> 'open' OR counted_as NOT IN ('out', 'late')))
   OR counted_in IS NULL OR (counted_in AND (status <> 'open' OR direction IS DISTINCT FROM 'in'))
   OR (counted_as = 'late' AND NOT counted_in)
   OR counted_completed IS NULL OR (counted_completed AND NOT counted_in)
   OR (unit_code IS NOT NULL AND unit_code IS DISTINCT FROM raw_unit_code)
   OR (unit_code IS NULL AND raw_unit_code IN (SELECT code FROM units))
   OR seen < 1 OR first_seen_run > run_id;

-- test: fct_quarantine_rows_one_open_per_key
-- a document's key has at most one open row to fix
SELECT raw_unit_code, doc_id, count(*) AS open_rows FROM fct_quarantine_rows
WHERE status = 'open' AND raw_unit_code IS NOT NULL AND doc_id IS NOT NULL
GROUP BY ALL HAVING count(*) > 1;

-- test: fct_quarantine_rows_resolved_by_documents
-- scope: full
-- An entry is resolved exactly when the document of its key was last set by a later run,
-- and counted against its unit only when no document holds its key: checked from the
-- documents themselves. A full scan of the documents; the mart's definition cannot change
-- in an incremental build (it follows only a full build with the same models), so full
-- builds only.
-- (the documents are first narrowed to the quarantined keys: a join that hashed every
-- document would cost seconds at 10 M)
WITH held AS (
  SELECT d.unit_code, d.doc_id, d.run_id FROM documents d
  SEMI JOIN fct_quarantine_rows f ON f.raw_unit_code = d.unit_code AND f.doc_id = d.doc_id
)
SELECT f.run_id, f.file_seq, f.row_no, f.raw_unit_code, f.doc_id, f.status, f.counted_as, d.run_id AS document_run
FROM fct_quarantine_rows f
LEFT JOIN held d ON d.unit_code = f.raw_unit_code AND d.doc_id = f.doc_id
WHERE coalesce(d.run_id > f.run_id, false) <> (f.status = 'resolved')
   OR (d.doc_id IS NOT NULL AND (f.counted_as IS NOT NULL OR f.counted_in OR f.counted_completed));

-- test: fct_unit_day_quarantine_reconciles
-- every open row once, in the per-day mart
SELECT * FROM (
  SELECT count(*) FILTER (WHERE status = 'open') AS open_rows,
         count(*) FILTER (WHERE counted_as = 'out') AS as_out,
         count(*) FILTER (WHERE counted_as = 'late') AS as_late,
         count(*) FILTER (WHERE counted_in) AS as_in,
         count(*) FILTER (WHERE counted_completed) AS as_completed
  FROM fct_quarantine_rows
), (
  SELECT coalesce(sum(quarantined_rows), 0) AS mart_rows, coalesce(sum(as_out), 0) AS mart_as_out, coalesce(sum(as_late), 0) AS mart_as_late,
         coalesce(sum(as_in), 0) AS mart_as_in, coalesce(sum(as_completed), 0) AS mart_as_completed
  FROM fct_unit_day_quarantine
)
WHERE open_rows <> mart_rows OR as_out <> mart_as_out OR as_late <> mart_as_late OR as_in <> mart_as_in OR as_completed <> mart_as_completed;
