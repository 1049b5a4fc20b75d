-- Sources whose last $runs runs all failed.
WITH r AS (
  SELECT source_id, status, row_number() OVER (PARTITION BY source_id ORDER BY run_id DESC) AS n
  FROM ingest_runs
)
SELECT source_id, count(*)::INTEGER AS failed
FROM r WHERE n <= $runs::INTEGER
GROUP BY source_id
HAVING count(*) = $runs::INTEGER AND bool_and(status = 'failed')
ORDER BY source_id;
