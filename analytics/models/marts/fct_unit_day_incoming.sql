-- Incoming documents that have a deadline, per unit, business day, phase, deadline and
-- completion date. Whether one is on time, late or pending depends on the as_of date
-- (a completion after as_of is not a completion yet), so that is decided at query time
-- by unit_counts from these counts.

-- The mart's rows for the documents of `source` (see fct_unit_day_of in fct_unit_day.sql):
-- all of them here, those of the recomputed keys in models/incremental/.
CREATE OR REPLACE MACRO fct_unit_day_incoming_of(source) AS TABLE
SELECT
  unit_code,
  event_date,
  is_baseline,
  deadline,
  completed_date,
  count(*)::INTEGER AS n
FROM query_table(source)
WHERE direction = 'in' AND NOT is_secret AND deadline IS NOT NULL
GROUP BY ALL;

-- Not sorted: at 10 M documents the mart has about 3 M rows and sorting them was a third of
-- its build; its readers aggregate it whole (or by a range of days, which a sort by unit
-- would not narrow either).
CREATE OR REPLACE TABLE fct_unit_day_incoming AS
SELECT * FROM fct_unit_day_incoming_of('int_documents_scoped');
