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

MERGE INTO fct_unit_day_processed f
USING build_processed_delta d
ON f.unit_code = d.unit_code AND f.event_date = d.event_date AND f.is_baseline IS NOT DISTINCT FROM d.is_baseline
   AND f.completed_date IS NOT DISTINCT FROM d.completed_date AND f.processed_electronic IS NOT DISTINCT FROM d.processed_electronic
WHEN MATCHED AND f.n + d.n = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET n = f.n + d.n
WHEN NOT MATCHED THEN INSERT VALUES (d.unit_code, d.event_date, d.is_baseline, d.completed_date, d.processed_electronic, d.n);
