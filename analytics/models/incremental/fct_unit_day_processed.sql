-- Incremental build: fct_unit_day_processed (marts/processed_electronic.sql) plus what the
-- runs changed, as fct_unit_day_incoming (fct_unit_day_incoming.sql here).
CREATE OR REPLACE TEMP TABLE build_processed_delta AS
SELECT unit_code, event_date, is_baseline, completed_date, processed_electronic, sum(n)::INTEGER AS n
FROM (
  SELECT unit_code, event_date, is_baseline, completed_date, processed_electronic, n FROM fct_unit_day_processed_of('build_set')
  UNION ALL
  SELECT unit_code, event_date, is_baseline, completed_date, processed_electronic, -n FROM fct_unit_day_processed_of('build_replaced')
)
GROUP BY unit_code, event_date, is_baseline, completed_date, processed_electronic
HAVING sum(n) <> 0;

-- The keys' rows as they are (one pass over the mart, which keeps their row ids) plus the
-- change, then those rows replaced by the sums (a DELETE by row id, which reads no column,
-- and an INSERT: an UPDATE of rows spread over the whole mart, as MERGE does, made the
-- commit rewrite the mart); a row whose counts are all zero is not inserted.
CREATE OR REPLACE TEMP TABLE build_processed_touched AS
SELECT f.rowid AS row_id, f.* FROM fct_unit_day_processed f SEMI JOIN build_processed_delta d ON f.unit_code = d.unit_code AND f.event_date = d.event_date AND f.is_baseline IS NOT DISTINCT FROM d.is_baseline AND f.completed_date IS NOT DISTINCT FROM d.completed_date AND f.processed_electronic IS NOT DISTINCT FROM d.processed_electronic;

CREATE OR REPLACE TEMP TABLE build_processed_merged AS
SELECT unit_code, event_date, is_baseline, completed_date, processed_electronic, sum(n)::INTEGER AS n
FROM (
  SELECT * EXCLUDE (row_id) FROM build_processed_touched
  UNION ALL BY NAME
  SELECT * FROM build_processed_delta
)
GROUP BY unit_code, event_date, is_baseline, completed_date, processed_electronic;

DELETE FROM fct_unit_day_processed WHERE rowid IN (SELECT row_id FROM build_processed_touched);

INSERT INTO fct_unit_day_processed BY NAME SELECT * FROM build_processed_merged WHERE NOT (n = 0);
