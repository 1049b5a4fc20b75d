-- Incoming documents that have a deadline, per unit, business day, phase, deadline and
-- completion date. Whether one is on time, late or pending depends on the as_of date
-- (a completion after as_of is not a completion yet), so that is decided at query time
-- by unit_counts from these counts.
CREATE OR REPLACE TABLE fct_unit_day_incoming AS
SELECT
  unit_code,
  event_date,
  is_baseline,
  deadline,
  completed_date,
  count(*)::INTEGER AS n
FROM int_documents_scoped
WHERE direction = 'in' AND NOT is_secret AND deadline IS NOT NULL
GROUP BY ALL
ORDER BY unit_code, event_date;
