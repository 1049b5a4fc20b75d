-- Monthly pooled counts and rates of an area, every month from $from to $to (months with no
-- documents included, with NULL rates), each with how complete it is: the open quarantined
-- rows of the area's units in the month (for the province, 38, also those of no unit of
-- the registry), and the units due to have documents in the month that have none; the
-- received and processed rates beside them (in_completed_unrecorded: completed documents
-- whose export lacks the processed field).
WITH months AS (
  SELECT unnest(generate_series($from::DATE, $to::DATE, INTERVAL 1 MONTH))::DATE AS month
), phase AS (
  SELECT CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END AS phase
), c AS (
  SELECT c.month,
         sum(c.out_total) AS out_total, sum(c.out_electronic) AS out_electronic, sum(c.out_signed) AS out_signed,
         sum(c.in_on_time) AS in_on_time, sum(c.in_late) AS in_late, sum(c.in_pending) AS in_pending,
         sum(c.secret_excluded) AS secret_excluded,
         sum(c.quarantined_rows) AS quarantined_rows,
         -- a unit with data in the month is due in it (its documents are in the phase)
         count(*) FILTER (WHERE c.has_data) AS units_with_data
  FROM unit_month_counts($from::DATE, last_day($to::DATE), $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) c
  JOIN area_units a ON a.unit_code = c.unit_code AND a.area = $area::VARCHAR
  GROUP BY c.month
), received AS (
  SELECT r.month, sum(r.in_total) AS in_total, sum(r.in_electronic) AS in_electronic
  FROM unit_month_received($from::DATE, last_day($to::DATE), $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) r
  JOIN area_units a ON a.unit_code = r.unit_code AND a.area = $area::VARCHAR
  GROUP BY r.month
), processed AS (
  SELECT x.month, sum(x.in_completed) AS in_completed, sum(x.in_processed_electronic) AS in_processed_electronic,
         sum(x.in_completed_unrecorded) AS in_completed_unrecorded
  FROM unit_month_processed($from::DATE, last_day($to::DATE), $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) x
  JOIN area_units a ON a.unit_code = x.unit_code AND a.area = $area::VARCHAR
  GROUP BY x.month
), due AS (
  SELECT m.month, count(*) FILTER (WHERE cds_unit_due(u.milestone, m.month, least(last_day(m.month), $as_of::DATE), p.phase)) AS units_due
  FROM months m
  CROSS JOIN phase p
  JOIN area_units a ON a.area = $area::VARCHAR
  JOIN stg_units u ON u.unit_code = a.unit_code
  GROUP BY m.month
), unattributed AS (
  SELECT month, quarantined_rows
  FROM quarantine_unattributed($from::DATE, last_day($to::DATE), $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END)
  WHERE $area::VARCHAR = '38'
), completeness AS (
  SELECT m.month,
         coalesce(c.quarantined_rows, 0) + coalesce(x.quarantined_rows, 0) AS quarantined_rows,
         coalesce(x.quarantined_rows, 0) AS quarantined_rows_unknown_unit,
         coalesce(d.units_due, 0) - coalesce(c.units_with_data, 0) AS units_without_data
  FROM months m LEFT JOIN c USING (month) LEFT JOIN due d USING (month) LEFT JOIN unattributed x USING (month)
)
SELECT
  strftime(m.month, '%Y-%m') AS month,
  coalesce(c.out_total, 0)::DOUBLE AS out_total, coalesce(c.out_electronic, 0)::DOUBLE AS out_electronic,
  coalesce(c.out_signed, 0)::DOUBLE AS out_signed, coalesce(c.in_on_time, 0)::DOUBLE AS in_on_time,
  coalesce(c.in_late, 0)::DOUBLE AS in_late, coalesce(c.in_pending, 0)::DOUBLE AS in_pending,
  coalesce(c.secret_excluded, 0)::DOUBLE AS secret_excluded,
  cds_rate(c.out_electronic, c.out_total) AS sent_electronic_rate,
  cds_rate(c.out_signed, c.out_total) AS signed_rate,
  cds_rate(c.in_on_time, c.in_on_time + c.in_late) AS on_time_rate,
  k.quarantined_rows::DOUBLE AS quarantined_rows,
  k.quarantined_rows_unknown_unit::DOUBLE AS quarantined_rows_unknown_unit,
  k.units_without_data::DOUBLE AS units_without_data,
  k.quarantined_rows = 0 AND k.units_without_data = 0 AS complete,
  coalesce(r.in_total, 0)::DOUBLE AS in_total, coalesce(r.in_electronic, 0)::DOUBLE AS in_electronic,
  cds_rate(r.in_electronic, r.in_total) AS received_electronic_rate,
  coalesce(x.in_completed, 0)::DOUBLE AS in_completed, coalesce(x.in_processed_electronic, 0)::DOUBLE AS in_processed_electronic,
  coalesce(x.in_completed_unrecorded, 0)::DOUBLE AS in_completed_unrecorded,
  cds_rate(x.in_processed_electronic, x.in_completed) AS processed_electronic_rate
FROM months m LEFT JOIN c USING (month) JOIN completeness k USING (month) LEFT JOIN received r USING (month) LEFT JOIN processed x USING (month)
ORDER BY m.month;
