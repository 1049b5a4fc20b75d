-- Outgoing and secret documents per unit, business day and phase. Everything about them
-- is fixed once they exist, so a day's counts hold for any as_of on or after that day.
CREATE OR REPLACE TABLE fct_unit_day AS
SELECT
  unit_code,
  event_date,
  is_baseline,
  count(*) FILTER (WHERE direction = 'out' AND NOT is_secret)::INTEGER AS out_total,
  count(*) FILTER (WHERE direction = 'out' AND NOT is_secret AND is_electronic)::INTEGER AS out_electronic,
  count(*) FILTER (WHERE direction = 'out' AND NOT is_secret AND is_signed)::INTEGER AS out_signed,
  count(*) FILTER (WHERE is_secret)::INTEGER AS secret
FROM int_documents_scoped
GROUP BY unit_code, event_date, is_baseline
ORDER BY unit_code, event_date;
