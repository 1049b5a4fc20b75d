-- test: fct_unit_day_incoming_unique_key
-- scope: run
-- The keys the runs changed, in incremental builds only (see fct_unit_day.test.sql). The
-- mart has millions of rows at 10 M documents, so duplicates are looked for as in
-- documents_unique_key (stg_documents.test.sql): hashes sorted, then only the rows whose
-- hash occurs twice grouped by their real key.
WITH scoped AS NOT MATERIALIZED (
  SELECT unit_code, event_date, is_baseline, decided_on, on_time FROM fct_unit_day_incoming
  WHERE $first_run >= 1 AND (unit_code, event_date) IN (SELECT unit_code, event_date FROM int_run_keys($first_run, $last_run))
), candidates AS (
  SELECT h FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous FROM (SELECT hash(unit_code, event_date, is_baseline, decided_on, on_time) AS h FROM scoped))
  WHERE h = previous
)
SELECT unit_code, event_date, is_baseline, decided_on, on_time, count(*) AS copies
FROM scoped
WHERE hash(unit_code, event_date, is_baseline, decided_on, on_time) IN (SELECT h FROM candidates)
GROUP BY ALL HAVING count(*) > 1;

-- (its totals reconcile with the documents in marts_reconcile_with_documents, and in an
-- incremental build marts_match_document_totals: fct_unit_day.test.sql)
