-- Outgoing and secret documents per unit, business day and phase, and the incoming ones
-- (not secret) with those received electronically, which fct_unit_day_received takes from
-- here (received_electronic.sql: one pass over the documents for both). Everything about
-- them is fixed once they exist, so a day's counts hold for any as_of on or after that day.

-- The mart's rows for the documents of `source`, the name of a relation with the columns
-- of int_documents_scoped: all of them here, those of the keys an incremental build
-- recomputes in models/incremental/fct_unit_day.sql. One definition for both builds.
CREATE OR REPLACE MACRO fct_unit_day_of(source) AS TABLE
SELECT
  unit_code,
  event_date,
  is_baseline,
  count(*) FILTER (WHERE direction = 'out' AND NOT is_secret)::INTEGER AS out_total,
  count(*) FILTER (WHERE direction = 'out' AND NOT is_secret AND is_electronic)::INTEGER AS out_electronic,
  count(*) FILTER (WHERE direction = 'out' AND NOT is_secret AND is_signed)::INTEGER AS out_signed,
  count(*) FILTER (WHERE is_secret)::INTEGER AS secret,
  count(*) FILTER (WHERE direction = 'in' AND NOT is_secret)::INTEGER AS in_total,
  count(*) FILTER (WHERE direction = 'in' AND NOT is_secret AND is_electronic)::INTEGER AS in_electronic
FROM query_table(source)
GROUP BY unit_code, event_date, is_baseline;

CREATE OR REPLACE TABLE fct_unit_day AS
SELECT * FROM fct_unit_day_of('int_documents_scoped')
ORDER BY unit_code, event_date;
