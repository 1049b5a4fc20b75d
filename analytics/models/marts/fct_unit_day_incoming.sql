-- Incoming documents that have a deadline, per unit, business day, phase, and the day from
-- which each stands decided (decided_on) and how (on_time): whether one is on time, late or
-- pending depends on the as_of date (a completion after as_of is not a completion yet), so
-- that is decided at query time by unit_counts from these counts (cds_in_status_decided,
-- rules.sql, which gives what cds_in_status gives from the deadline and completion date).
-- Those two values instead of the deadline and the completion date, because they are all
-- any as_of needs: at 10 M documents, 2.1 M rows instead of 3.0 M (3.3 M incoming documents
-- with a deadline), and every figure the same.

-- The mart's rows for the documents of `source`, a relation with the columns of
-- stg_documents (see fct_unit_day_of in fct_unit_day.sql, which also says why the phase is
-- joined after grouping): all of them here, those the runs changed in models/incremental/.
CREATE OR REPLACE MACRO fct_unit_day_incoming_of(source) AS TABLE
SELECT g.unit_code, g.event_date, g.event_date < u.milestone AS is_baseline, g.decided_on, g.on_time, g.n
FROM (
  SELECT unit_code, event_date, cds_in_decided_on(deadline, completed_date) AS decided_on, cds_in_on_time(deadline, completed_date) AS on_time,
         count(*)::INTEGER AS n
  FROM query_table(source)
  WHERE direction = 'in' AND NOT is_secret AND deadline IS NOT NULL
  GROUP BY ALL
) g
JOIN stg_units u USING (unit_code);

-- Not sorted: at 10 M documents the mart has about 2 M rows and sorting them was a third of
-- its build; its readers aggregate it whole (or by a range of days, which a sort by unit
-- would not narrow either).
CREATE OR REPLACE TABLE fct_unit_day_incoming AS
SELECT * FROM fct_unit_day_incoming_of('stg_documents');
