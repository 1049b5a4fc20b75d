-- Run-scoped tests (`-- scope: run`, see stg_documents.test.sql) check the keys the runs
-- changed (int_run_keys): the only rows an incremental build rewrites. When no run precedes
-- the range (a full build), the constant `$first_run <= 1` keeps the whole table and makes
-- DuckDB drop the keyed part.

-- test: fct_unit_day_unique_key
-- scope: run
SELECT unit_code, event_date, is_baseline
FROM (
  SELECT unit_code, event_date, is_baseline FROM fct_unit_day WHERE $first_run <= 1
  UNION ALL
  SELECT unit_code, event_date, is_baseline FROM fct_unit_day
  WHERE $first_run > 1 AND (unit_code, event_date) IN (SELECT unit_code, event_date FROM int_run_keys($first_run, $last_run))
)
GROUP BY ALL HAVING count(*) > 1;

-- test: fct_unit_day_counts_bounded
SELECT * FROM fct_unit_day
WHERE out_total < 0 OR out_electronic NOT BETWEEN 0 AND out_total OR out_signed NOT BETWEEN 0 AND out_total OR secret < 0;

-- test: marts_reconcile_with_documents
-- Every document is counted once, where it belongs: the documents' totals, in one scan of
-- them, against the sums of both marts, incoming documents split by where they stand at
-- the end of time (the rule of rules.sql on the mart's rows, the documents' dates on
-- theirs). Global in every build: it is what catches a key an incremental build should
-- have recomputed and did not, a completion included. A row here holds every total. (The
-- documents are first counted by the few combinations of the values the totals read, the
-- mart's rows by deadline and completion: cheaper than evaluating every condition on every
-- row.)
SELECT * FROM (
  SELECT coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal'), 0) AS raw_out,
         coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal' AND channel IN ('electronic', 'both')), 0) AS raw_electronic,
         coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal' AND signed), 0) AS raw_signed,
         coalesce(sum(n) FILTER (WHERE security <> 'normal'), 0) AS raw_secret,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND on_time), 0) AS raw_on_time,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND late), 0) AS raw_late,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND pending), 0) AS raw_pending
  FROM (
    SELECT direction, security, channel, signed,
           completed_date <= deadline AS on_time,
           completed_date > deadline OR (completed_date IS NULL AND deadline < DATE '2100-01-01') AS late,
           completed_date IS NULL AND deadline >= DATE '2100-01-01' AS pending,
           count(*) AS n
    FROM documents
    GROUP BY ALL
  )
), (
  SELECT coalesce(sum(out_total), 0) AS mart_out, coalesce(sum(out_electronic), 0) AS mart_electronic,
         coalesce(sum(out_signed), 0) AS mart_signed, coalesce(sum(secret), 0) AS mart_secret
  FROM fct_unit_day
), (
  SELECT coalesce(sum(n) FILTER (WHERE status = 'on_time'), 0) AS mart_on_time, coalesce(sum(n) FILTER (WHERE status = 'late'), 0) AS mart_late,
         coalesce(sum(n) FILTER (WHERE status = 'pending'), 0) AS mart_pending
  FROM (
    SELECT n, cds_in_status(deadline, completed_date, DATE '2100-01-01') AS status
    FROM (SELECT deadline, completed_date, sum(n) AS n FROM fct_unit_day_incoming GROUP BY ALL)
  )
)
WHERE mart_out <> raw_out OR mart_electronic <> raw_electronic OR mart_signed <> raw_signed OR mart_secret <> raw_secret
   OR mart_on_time <> raw_on_time OR mart_late <> raw_late OR mart_pending <> raw_pending;
