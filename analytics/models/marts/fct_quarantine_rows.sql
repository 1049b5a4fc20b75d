-- Every entry of the quarantine, once, with what the figures need to know about it: the
-- unit it belongs to, the business day it would have counted on, whether it is still open,
-- and how the ranking's count_against rule counts it (INCOMPLETE_RULES in config.ts). The
-- quarantine holds only the rows the load could not take, so this mart is small; it is
-- rebuilt whole in every build, the incremental one included
-- (models/incremental/fct_quarantine.sql): a later run changes an entry's status without
-- touching the entry.
--
-- status
--   resolved  a later run set a document with the same (unit_code, doc_id): the document's
--             run (the run that last set its values) is after the entry's run;
--   open      not resolved, and the newest entry of its record. An HTTP source fetches a
--             broken row again on every run until it loads (its watermark stops before the
--             row), and each run quarantines it again: one record is one row to fix. A
--             record is the key (unit_code, doc_id) when the row has both, otherwise the
--             row's raw values as that source sent them;
--   repeated  not resolved, and a later run quarantined the same record again.
-- event_date: the local date of the row's event_time as the load's own parser reads it
-- (ingest/sql/macros.sql, which the build loads on its connection) when the load found
-- nothing wrong with that field (date_basis 'event_time'); otherwise the local date on
-- which its run started, when the file was received (date_basis 'received').
-- unit_code: the row's unit when it is one of the registry, else NULL: a row of an unknown
-- or missing unit cannot be attributed and counts at the province (area 38) only.
-- is_baseline: before the unit's milestone (a row without a unit: before the earliest
-- milestone), as for documents.
-- counted_as: what count_against adds to the unit's denominators for an open row whose
-- key no document holds (a document with the key already counts, with its earlier values):
--   'out'   an outgoing row, or one whose direction cannot be read: one more outgoing
--           document, neither sent electronically nor signed;
--   'late'  an incoming row with a deadline (readable or not): one more late document;
--   NULL    an incoming row without a deadline (it feeds no other rate), a secret row
--           (left out of every count), or a row that is not open.
-- counted_in: an open incoming row (direction readable as incoming), not secret, whose key
-- no document holds, deadline or not: what count_against adds to in_total, one more
-- incoming document not received electronically (the received rate).
-- counted_completed: of those, the ones with a completion time (readable or not): what
-- count_against adds to in_completed, one more completed document not processed
-- electronically (the processed rate); without one the row was not completed and feeds no
-- processed rate.
-- Direction and security are read with the spellings accepted out of the box
-- (ingest/mapping/spellings.ts; cds_read_direction below is checked against them by
-- analytics/quarantine.test.ts); a source's own mapping of them is not known here, so such
-- a row's direction is unreadable and it counts as outgoing.

CREATE OR REPLACE MACRO cds_spelling_key(s) AS lower(nfc_normalize(trim(s)));

CREATE OR REPLACE MACRO cds_read_direction(s) AS CASE
  WHEN cds_spelling_key(s) IN ('out', 'đi', 'văn bản đi', 'vb đi', 'outgoing', 'phát hành') THEN 'out'
  WHEN cds_spelling_key(s) IN ('in', 'đến', 'văn bản đến', 'vb đến', 'incoming') THEN 'in'
END;

CREATE OR REPLACE MACRO cds_read_secret(s) AS
  cds_spelling_key(s) IN ('secret', 'mật', 'top_secret', 'top secret', 'tối mật', 'absolute_secret', 'absolute secret', 'tuyệt mật');

-- The rows of the mart, from the quarantine and the documents as they are now. Callable
-- only on a build's connection (it uses the load's parsers).
CREATE OR REPLACE MACRO fct_quarantine_rows_of() AS TABLE
WITH entries AS (
  SELECT q.run_id, q.file_seq, q.row_no, q.source_id, q.unit_code AS raw_unit_code, q.doc_id, q.problems, q.raw,
         cds_local_date(r.started_at) AS received_date,
         CASE WHEN json_valid(q.raw) THEN q.raw END AS raw_json
  FROM quarantine q JOIN ingest_runs r USING (run_id)
), fields AS (
  SELECT e.*,
         nullif(trim(json_extract_string(raw_json, '$.event_time')), '') AS event_time_t,
         nullif(trim(json_extract_string(raw_json, '$.direction')), '') AS direction_t,
         nullif(trim(json_extract_string(raw_json, '$.security')), '') AS security_t,
         nullif(trim(json_extract_string(raw_json, '$.deadline')), '') AS deadline_t,
         nullif(trim(json_extract_string(raw_json, '$.completed_time')), '') AS completed_t,
         len(list_filter(problems, p -> p.field = 'event_time')) = 0 AS event_time_ok,
         raw_unit_code IS NOT NULL AND doc_id IS NOT NULL AS keyed
  FROM entries e
), keys AS (
  -- the documents that hold the keys of quarantined rows (usually none or few): where each is now
  SELECT d.unit_code, d.doc_id, d.run_id
  FROM documents d
  SEMI JOIN (SELECT DISTINCT raw_unit_code, doc_id FROM fields WHERE raw_unit_code IS NOT NULL AND doc_id IS NOT NULL) k
    ON k.raw_unit_code = d.unit_code AND k.doc_id = d.doc_id
), placed AS (
  SELECT f.*,
         u.unit_code,
         d.run_id AS document_run,
         coalesce(CASE WHEN event_time_ok THEN cds_local_date(cds_time(event_time_t)) END, received_date) AS event_date,
         CASE WHEN event_time_ok AND cds_time(event_time_t) IS NOT NULL THEN 'event_time' ELSE 'received' END AS date_basis,
         coalesce(u.milestone, (SELECT min(milestone) FROM milestones)) AS milestone,
         row_number() OVER record = 1 AS newest,
         count(*) OVER record AS seen,
         min(f.run_id) OVER record AS first_seen_run
  FROM fields f
  LEFT JOIN stg_units u ON u.unit_code = f.raw_unit_code
  LEFT JOIN keys d ON d.unit_code = f.raw_unit_code AND d.doc_id = f.doc_id
  WINDOW record AS (
    PARTITION BY f.keyed, f.raw_unit_code, f.doc_id, CASE WHEN NOT f.keyed THEN f.source_id END, CASE WHEN NOT f.keyed THEN f.raw END
    ORDER BY f.run_id DESC, f.file_seq DESC, f.row_no DESC
    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
), statused AS (
  SELECT *,
         CASE WHEN document_run > run_id THEN 'resolved' WHEN newest THEN 'open' ELSE 'repeated' END AS status
  FROM placed
)
SELECT
  run_id, file_seq, row_no, source_id, unit_code, raw_unit_code, doc_id,
  status,
  -- how many entries its record has, and the run of the first
  seen::INTEGER AS seen,
  first_seen_run,
  CASE WHEN status = 'resolved' THEN document_run END AS resolved_by_run,
  event_date,
  date_basis,
  event_date < milestone AS is_baseline,
  cds_read_direction(direction_t) AS direction,
  CASE
    WHEN status <> 'open' OR document_run IS NOT NULL OR coalesce(cds_read_secret(security_t), false) THEN NULL
    WHEN cds_read_direction(direction_t) = 'in' THEN CASE WHEN deadline_t IS NOT NULL THEN 'late' END
    ELSE 'out'
  END AS counted_as,
  status = 'open' AND document_run IS NULL AND NOT coalesce(cds_read_secret(security_t), false)
    AND coalesce(cds_read_direction(direction_t) = 'in', false) AS counted_in,
  status = 'open' AND document_run IS NULL AND NOT coalesce(cds_read_secret(security_t), false)
    AND coalesce(cds_read_direction(direction_t) = 'in', false) AND completed_t IS NOT NULL AS counted_completed
FROM statused;

CREATE OR REPLACE TABLE fct_quarantine_rows AS
SELECT * FROM fct_quarantine_rows_of()
ORDER BY run_id, file_seq, row_no;
