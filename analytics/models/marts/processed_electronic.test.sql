-- Data tests of processed_electronic.sql (see fct_unit_day.test.sql for the scopes).

-- test: fct_unit_day_processed_unique_key
-- scope: run
-- The mart has millions of rows at 10 M documents, so duplicates are looked for as in
-- fct_unit_day_incoming_unique_key: hashes sorted, then only the rows whose hash occurs
-- twice grouped by their real key (a GROUP BY of every key cost twice as much).
WITH scoped AS NOT MATERIALIZED (
  SELECT unit_code, event_date, is_baseline, completed_date, processed_electronic FROM fct_unit_day_processed
  WHERE $first_run >= 1 AND (unit_code, event_date) IN (SELECT unit_code, event_date FROM int_run_keys($first_run, $last_run))
), candidates AS (
  SELECT h FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous FROM (SELECT hash(unit_code, event_date, is_baseline, completed_date, processed_electronic) AS h FROM scoped))
  WHERE h = previous
)
SELECT unit_code, event_date, is_baseline, completed_date, processed_electronic, count(*) AS copies
FROM scoped
WHERE hash(unit_code, event_date, is_baseline, completed_date, processed_electronic) IN (SELECT h FROM candidates)
GROUP BY ALL HAVING count(*) > 1;

-- (every completed non-secret incoming document counted once, recorded yes, recorded no or
-- not recorded as the document says: in marts_reconcile_with_documents, fct_unit_day.test.sql,
-- from its one pass over the documents; in an incremental build marts_match_document_totals)

-- test: unit_month_processed_bounded
-- scope: full
-- Over everything: the processed electronically are among the completed, nothing negative,
-- and the completed of the macro (recorded and not) are the mart's.
WITH a AS (FROM unit_month_processed(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'all'))
SELECT * FROM a WHERE in_processed_electronic > in_completed OR in_completed < 0 OR in_completed_unrecorded < 0
UNION ALL
SELECT NULL, NULL, sum(in_completed), sum(in_processed_electronic), sum(in_completed_unrecorded) FROM a
HAVING coalesce(sum(in_completed + in_completed_unrecorded), 0) <> (SELECT coalesce(sum(n), 0) FROM fct_unit_day_processed);
