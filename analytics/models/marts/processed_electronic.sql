-- processed_electronic_rate (Directive 15: "xử lý … trên môi trường điện tử"): incoming
-- documents completed and handled as an electronic work file / incoming documents completed,
-- secret ones left out, counting only documents whose export carries the field
-- (processed_electronic not NULL). A unit whose exports lack the column has no processed
-- rate (null, never 0): its completed documents are counted in in_completed_unrecorded, the
-- rate's completeness. An empty cell of the column was loaded as "no" (with a note).
-- Whether a document is completed depends on as_of (a completion after it has not happened
-- yet), so the mart keeps the completion date and the macro decides at query time.
-- (source: a relation with the columns of stg_documents, the phase joined after grouping:
-- see fct_unit_day_of in fct_unit_day.sql)
CREATE OR REPLACE MACRO fct_unit_day_processed_of(source) AS TABLE
SELECT g.unit_code, g.event_date, g.event_date < u.milestone AS is_baseline, g.completed_date, g.processed_electronic, g.n
FROM (
  SELECT unit_code, event_date, completed_date, processed_electronic, count(*)::INTEGER AS n
  FROM query_table(source)
  WHERE direction = 'in' AND NOT is_secret AND completed_date IS NOT NULL
  GROUP BY ALL
) g
JOIN stg_units u USING (unit_code);

-- Not sorted, as fct_unit_day_incoming: at 10 M documents the mart has about 2.5 M rows and
-- sorting them was a fifth of its build (0.6 of 2.9 CPU-seconds); its readers
-- (unit_month_processed) aggregate it by a range of days, which a sort by unit does not
-- narrow, and filter on units only after aggregating.
CREATE OR REPLACE TABLE fct_unit_day_processed AS
SELECT * FROM fct_unit_day_processed_of('stg_documents');

-- Per unit and calendar month of the business (received) date, documents received in
-- [d_from, d_to] and completed by the end of as_of: in_completed (recorded either way),
-- in_processed_electronic (recorded yes), in_completed_unrecorded (the export lacked the field).
CREATE OR REPLACE MACRO unit_month_processed(d_from, d_to, as_of, phase) AS TABLE
WITH scope AS (
  SELECT d_from::DATE AS lo, least(d_to::DATE, as_of::DATE) AS hi, as_of::DATE AS as_of, phase::VARCHAR AS phase
)
SELECT f.unit_code, cds_month_start(f.event_date) AS month,
       coalesce(sum(f.n) FILTER (WHERE f.processed_electronic IS NOT NULL), 0)::BIGINT AS in_completed,
       coalesce(sum(f.n) FILTER (WHERE f.processed_electronic), 0)::BIGINT AS in_processed_electronic,
       coalesce(sum(f.n) FILTER (WHERE f.processed_electronic IS NULL), 0)::BIGINT AS in_completed_unrecorded
FROM fct_unit_day_processed f, scope s
WHERE f.event_date BETWEEN s.lo AND s.hi AND f.completed_date <= s.as_of
  AND (s.phase = 'all' OR (s.phase = 'baseline') = f.is_baseline)
GROUP BY ALL;
