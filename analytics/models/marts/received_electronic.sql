-- received_electronic_rate (Directive 15: "tỷ lệ … nhận … văn bản … trên môi trường điện
-- tử"): incoming documents received electronically (channel electronic, or electronic
-- alongside paper: both) / incoming documents, secret ones left out. An incoming document
-- whose channel is empty counts as not received electronically (with a note: missing data
-- never raises a rate). Per unit, business day and phase; a document's channel is fixed once
-- it exists, so a day's counts hold for any as_of on or after that day.

-- The mart's rows from the rows of fct_unit_day in `source` (its in_total and in_electronic,
-- counted in the same pass over the documents as the outgoing ones, fct_unit_day.sql): the
-- (unit, day, phase) keys with incoming documents. All of fct_unit_day here; the rows of the
-- keys an incremental build recomputed in models/incremental/fct_unit_day.sql. (Counting them
-- in a pass of their own cost a sixth of a full build's models.)
CREATE OR REPLACE MACRO fct_unit_day_received_of(source) AS TABLE
SELECT unit_code, event_date, is_baseline, in_total, in_electronic
FROM query_table(source)
WHERE in_total > 0;

CREATE OR REPLACE TABLE fct_unit_day_received AS
SELECT * FROM fct_unit_day_received_of('fct_unit_day')
ORDER BY unit_code, event_date;

-- The counts per unit and calendar month of the business date, for documents whose business
-- date is in [d_from, d_to] and that exist by the end of as_of, in a phase ('required',
-- 'baseline' or 'all': see unit_month_counts in unit_counts.sql).
CREATE OR REPLACE MACRO unit_month_received(d_from, d_to, as_of, phase) AS TABLE
WITH scope AS (
  SELECT d_from::DATE AS lo, least(d_to::DATE, as_of::DATE) AS hi, phase::VARCHAR AS phase
)
SELECT f.unit_code, cds_month_start(f.event_date) AS month,
       sum(f.in_total)::BIGINT AS in_total, sum(f.in_electronic)::BIGINT AS in_electronic
FROM fct_unit_day_received f, scope s
WHERE f.event_date BETWEEN s.lo AND s.hi AND (s.phase = 'all' OR (s.phase = 'baseline') = f.is_baseline)
GROUP BY ALL;
