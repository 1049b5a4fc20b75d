-- Data tests of received_electronic.sql (see fct_unit_day.test.sql for the scopes).

-- test: fct_unit_day_received_unique_key
-- scope: run
SELECT unit_code, event_date, is_baseline
FROM fct_unit_day_received
WHERE $first_run >= 1 AND (unit_code, event_date) IN (SELECT unit_code, event_date FROM int_run_keys($first_run, $last_run))
GROUP BY ALL HAVING count(*) > 1;

-- test: fct_unit_day_received_bounded
SELECT * FROM fct_unit_day_received WHERE in_total <= 0 OR in_electronic NOT BETWEEN 0 AND in_total;

-- (every non-secret incoming document counted once, and as received electronically exactly
-- when its channel is electronic or both: in marts_reconcile_with_documents,
-- fct_unit_day.test.sql, from its one pass over the documents; in an incremental build
-- marts_match_document_totals)

-- test: unit_month_received_within_scope
-- scope: full
-- The macro over everything equals the mart; a rate from it is within [0, 1]; required +
-- baseline = all.
WITH a AS (SELECT sum(in_total) AS t, sum(in_electronic) AS e, bool_and(in_electronic <= in_total) AS ok FROM unit_month_received(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'all')),
     r AS (SELECT coalesce(sum(in_total), 0) AS t FROM unit_month_received(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'required')),
     b AS (SELECT coalesce(sum(in_total), 0) AS t FROM unit_month_received(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'baseline')),
     m AS (SELECT sum(in_total) AS t, sum(in_electronic) AS e FROM fct_unit_day_received)
SELECT a.t, a.e, m.t AS mart_t, m.e AS mart_e, r.t AS required, b.t AS baseline
FROM a, r, b, m
WHERE a.t IS DISTINCT FROM m.t OR a.e IS DISTINCT FROM m.e OR NOT coalesce(a.ok, true) OR coalesce(a.t, 0) <> r.t + b.t;
