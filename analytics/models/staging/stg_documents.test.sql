-- Data tests: each query returns the rows that break the rule (none when it holds).
--
-- `-- scope: documents` under a test's name: the test checks only the documents the runs
-- $first_run .. $last_run set, and each run is checked once: an incremental build passes
-- the runs it brings in, a full build the runs after those the last build had checked
-- under the same tests and registry (every run when there is no such build: the first
-- build, a change of the model SQL, units or milestones, a migration). Documents change
-- only through runs, so the documents of earlier runs are as the build that brought those
-- in checked them (see dataTests in analytics/build.ts).

-- test: documents_unique_key
-- scope: documents
-- A document the runs set that exists twice: twice among their rows, or beside a row of an
-- earlier run, found by looking the runs' keys up among the earlier rows. When no run
-- precedes the range (a full build) the constant `$first_run > 1` makes DuckDB drop that
-- lookup altogether. In two steps, as a GROUP BY of millions of string keys is slow: the
-- rows' hashes of (unit_code, doc_id), sorted, give as candidates the hashes that occur
-- twice; then only the rows with those hashes (none, usually) are grouped by their keys.
-- Equal keys have equal hashes, so no duplicate is missed, and a collision of two
-- different keys is not reported.
-- The lookup among the earlier rows reads every document, so it is made once (MATERIALIZED:
-- a few rows, usually none); the runs' own rows, found by run_id's zone maps, are read twice.
-- It looks the runs' keys up by their stored hashes (key_hash, migration 024): an earlier
-- row with the key of a run's row has its hash, so none is missed (documents_key_hash holds
-- every run's stored hashes to hash(unit_code, doc_id), and warehouse/key-hash.ts computes
-- them again for a DuckDB that hashes otherwise), and one that only shares the hash has
-- another key, which the grouping below by the whole key does not count with it. Reading
-- one fixed-width column of every document instead of its doc_id string: 10 M documents,
-- 0.11 CPU-s against 0.28.
WITH earlier AS MATERIALIZED (
  SELECT unit_code, doc_id FROM documents
  WHERE $first_run > 1 AND run_id < $first_run
    AND key_hash IN (SELECT key_hash FROM documents WHERE run_id BETWEEN $first_run AND $last_run)
), scoped AS NOT MATERIALIZED (
  SELECT unit_code, doc_id FROM documents WHERE run_id BETWEEN $first_run AND $last_run
  UNION ALL
  SELECT unit_code, doc_id FROM earlier
), candidates AS (
  SELECT h FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous FROM (SELECT hash(unit_code, doc_id) AS h FROM scoped))
  WHERE h = previous
)
SELECT unit_code, doc_id, count(*) AS copies
FROM scoped
WHERE hash(unit_code, doc_id) IN (SELECT h FROM candidates)
GROUP BY ALL HAVING count(*) > 1;

-- test: documents_key_hash
-- scope: documents
-- Each document the runs set keeps the hash of its key (migration 024), which the loads and
-- documents_unique_key look the runs' keys up by: a stored hash that is not the key's would
-- hide the document from both.
SELECT unit_code, doc_id, key_hash::VARCHAR AS key_hash FROM documents
WHERE run_id BETWEEN $first_run AND $last_run AND key_hash IS DISTINCT FROM hash(unit_code, doc_id);

-- test: documents_accepted_values
-- scope: documents
SELECT unit_code, doc_id, direction, security, channel FROM documents
WHERE run_id BETWEEN $first_run AND $last_run
  AND (direction NOT IN ('out', 'in')
   OR security NOT IN ('normal', 'secret', 'top_secret', 'absolute_secret')
   OR (channel IS NOT NULL AND channel NOT IN ('electronic', 'paper', 'both'))
   -- an outgoing document without a channel or a signed value carries the note that says how it counts
   OR (direction = 'out' AND channel IS NULL AND NOT list_contains(list_transform(coalesce(notes, []), x -> x.field), 'channel'))
   OR (direction = 'out' AND signed IS NULL AND NOT list_contains(list_transform(coalesce(notes, []), x -> x.field), 'signed')));

-- test: documents_known_units
-- scope: documents
-- (the units change only at a start, and a change of them forces a full build)
SELECT d.unit_code, count(*) FROM documents d ANTI JOIN units u ON u.code = d.unit_code
WHERE d.run_id BETWEEN $first_run AND $last_run
GROUP BY ALL;

-- test: documents_local_dates
-- scope: documents
-- The business dates are the local dates of the instants in Asia/Ho_Chi_Minh by ICU: an
-- independent check of the load's fixed UTC+7 shift (ingest/sql/macros.sql). Every instant
-- whose business date is d must lie in [local midnight of d, local midnight of d + 1), so
-- each date's earliest and latest instants are checked against its local midnights: ICU
-- converts two instants per date, not one per document (that cost 3 s at 10 M documents).
-- A row here is a date whose event or completion times do not all fall on it (or a
-- completion with a time but no date, or the reverse): its documents are those to look at.
WITH spans AS (
  SELECT 'event' AS instant, event_date AS business_date, count(*) AS documents, count(*) AS timed,
         min(event_time) AS earliest, max(event_time) AS latest
  FROM documents WHERE run_id BETWEEN $first_run AND $last_run
  GROUP BY event_date
  UNION ALL
  SELECT 'completed', completed_date, count(*), count(completed_time), min(completed_time), max(completed_time)
  FROM documents WHERE run_id BETWEEN $first_run AND $last_run AND (completed_date IS NOT NULL OR completed_time IS NOT NULL)
  GROUP BY completed_date
)
SELECT * FROM spans
WHERE business_date IS NULL OR timed <> documents
   OR earliest < business_date::TIMESTAMP AT TIME ZONE 'Asia/Ho_Chi_Minh'
   OR latest >= (business_date + 1)::TIMESTAMP AT TIME ZONE 'Asia/Ho_Chi_Minh';
