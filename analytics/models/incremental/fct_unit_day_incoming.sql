-- Incremental build, step 3: fct_unit_day_incoming (marts/fct_unit_day_incoming.sql) plus
-- what the runs changed, as for fct_unit_day (fct_unit_day.sql here): the mart's rows of the
-- versions the runs set less those of the versions they replaced, added per key; a row whose
-- count becomes zero is deleted (a full build has none), one below zero is left so and fails
-- marts_counts_positive. The key columns that may be NULL are matched as equal when both are.
CREATE OR REPLACE TEMP TABLE build_incoming_delta AS
SELECT unit_code, event_date, is_baseline, decided_on, on_time, sum(n)::INTEGER AS n
FROM (
  SELECT unit_code, event_date, is_baseline, decided_on, on_time, n FROM fct_unit_day_incoming_of('build_set')
  UNION ALL
  SELECT unit_code, event_date, is_baseline, decided_on, on_time, -n FROM fct_unit_day_incoming_of('build_replaced')
)
GROUP BY unit_code, event_date, is_baseline, decided_on, on_time
HAVING sum(n) <> 0;

-- The keys' rows as they are (one pass over the mart, which keeps their row ids) plus the
-- change, then those rows replaced by the sums (a DELETE by row id, which reads no column,
-- and an INSERT: an UPDATE of rows spread over the whole mart, as MERGE does, made the
-- commit rewrite the mart); a row whose counts are all zero is not inserted.
CREATE OR REPLACE TEMP TABLE build_incoming_touched AS
SELECT f.rowid AS row_id, f.* FROM fct_unit_day_incoming f SEMI JOIN build_incoming_delta d ON f.unit_code = d.unit_code AND f.event_date = d.event_date AND f.is_baseline IS NOT DISTINCT FROM d.is_baseline AND f.decided_on IS NOT DISTINCT FROM d.decided_on AND f.on_time IS NOT DISTINCT FROM d.on_time;

CREATE OR REPLACE TEMP TABLE build_incoming_merged AS
SELECT unit_code, event_date, is_baseline, decided_on, on_time, sum(n)::INTEGER AS n
FROM (
  SELECT * EXCLUDE (row_id) FROM build_incoming_touched
  UNION ALL BY NAME
  SELECT * FROM build_incoming_delta
)
GROUP BY unit_code, event_date, is_baseline, decided_on, on_time;

DELETE FROM fct_unit_day_incoming WHERE rowid IN (SELECT row_id FROM build_incoming_touched);

INSERT INTO fct_unit_day_incoming BY NAME SELECT * FROM build_incoming_merged WHERE NOT (n = 0);
