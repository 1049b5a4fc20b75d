-- The open quarantined rows (fct_quarantine_rows) per unit, business day and phase: the
-- completeness beside every figure (unit_month_counts, quarantine_unattributed in
-- unit_counts.sql). unit_code is NULL for the rows of no unit of the registry. Rebuilt
-- whole in every build with fct_quarantine_rows.
--   quarantined_rows  open rows
--   as_out, as_late   of them, those the count_against ranking rule adds as a failing
--                     outgoing or a late incoming document (counted_as)
--   as_in             of them, the incoming ones it adds to in_total, not received
--                     electronically (counted_in)
--   as_completed      of those, the ones with a completion time it adds to in_completed,
--                     not processed electronically (counted_completed)
CREATE OR REPLACE MACRO fct_unit_day_quarantine_of(source) AS TABLE
SELECT
  unit_code,
  event_date,
  is_baseline,
  count(*)::INTEGER AS quarantined_rows,
  count(*) FILTER (WHERE counted_as = 'out')::INTEGER AS as_out,
  count(*) FILTER (WHERE counted_as = 'late')::INTEGER AS as_late,
  count(*) FILTER (WHERE counted_in)::INTEGER AS as_in,
  count(*) FILTER (WHERE counted_completed)::INTEGER AS as_completed
FROM query_table(source)
WHERE status = 'open'
GROUP BY ALL;

CREATE OR REPLACE TABLE fct_unit_day_quarantine AS
SELECT * FROM fct_unit_day_quarantine_of('fct_quarantine_rows')
ORDER BY unit_code, event_date;
