-- Monthly pooled counts and rates of an area, every month from $from to $to (months with no
-- documents included, with NULL rates), each with how complete it is: the open quarantined
-- rows of the area's units in the month (for the province, 38, also those of no unit of
-- the registry), and the units due to have documents in the month that have none; the
-- received and processed rates beside them (in_completed_unrecorded: completed documents
-- whose export lacks the processed field).
-- The map (issue 17, analytics/models/marts/area_counts.sql): every month is pooled on the
-- map in force on the trend's last day, or on the area's own last day if it ended before
-- (a district after 30/6/2025); each document where its unit was on its date, carried
-- forward to that map. A month whose figures hold units that are not on that map (a new
-- commune's predecessors before 1/7/2025) says how many (carried_units).
WITH months AS (
  SELECT unnest(generate_series($from::DATE, $to::DATE, INTERVAL 1 MONTH))::DATE AS month
), area AS (
  SELECT CASE WHEN $area::VARCHAR = '38' THEN 'province' WHEN $area::VARCHAR IN ('province', 'district', 'commune') THEN 'level'
              ELSE (SELECT max(level) FROM unit_versions WHERE code = $area::VARCHAR) END AS kind,
         least(last_day($to::DATE), coalesce((SELECT max(valid_to) FROM unit_versions WHERE code = $area::VARCHAR), DATE '9999-12-31')) AS map_date
), members AS (
  SELECT m.* FROM unit_map m, area a
  WHERE m.area = $area::VARCHAR AND m.area_kind = a.kind AND a.map_date BETWEEN m.map_from AND m.map_to
), phase AS (
  SELECT CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END AS phase
), c AS (
  SELECT c.month,
         sum(c.out_total) AS out_total, sum(c.out_electronic) AS out_electronic, sum(c.out_signed) AS out_signed,
         sum(c.in_on_time) AS in_on_time, sum(c.in_late) AS in_late, sum(c.in_pending) AS in_pending,
         sum(c.secret_excluded) AS secret_excluded,
         sum(c.quarantined_rows) AS quarantined_rows,
         -- a unit with data in the month is due in it (its documents are in the phase); a code
         -- that had ended is not one of the area's units then
         count(*) FILTER (WHERE c.has_data AND NOT a.via_successor) AS units_with_data,
         count(DISTINCT c.unit_code) FILTER (WHERE c.has_data AND a.carried) AS carried_units
  FROM unit_month_counts($from::DATE, last_day($to::DATE), $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) c
  JOIN members a ON a.code = c.unit_code AND c.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY c.month
), received AS (
  SELECT r.month, sum(r.in_total) AS in_total, sum(r.in_electronic) AS in_electronic
  FROM unit_month_received($from::DATE, last_day($to::DATE), $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) r
  JOIN members a ON a.code = r.unit_code AND r.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY r.month
), processed AS (
  SELECT x.month, sum(x.in_completed) AS in_completed, sum(x.in_processed_electronic) AS in_processed_electronic,
         sum(x.in_completed_unrecorded) AS in_completed_unrecorded
  FROM unit_month_processed($from::DATE, last_day($to::DATE), $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) x
  JOIN members a ON a.code = x.unit_code AND x.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY x.month
), due AS (
  SELECT m.month, count(*) FILTER (WHERE cds_unit_due(u.milestone, m.month, least(last_day(m.month), $as_of::DATE), p.phase)) AS units_due
  FROM months m
  CROSS JOIN phase p
  JOIN members a ON m.month BETWEEN a.doc_from AND a.doc_to AND NOT a.via_successor
  JOIN stg_units u ON u.unit_code = a.code
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
  unnest(cds_out_figures(c.out_total, c.out_electronic, c.out_signed, c.in_on_time, c.in_late, c.in_pending, c.secret_excluded)),
  k.quarantined_rows::DOUBLE AS quarantined_rows,
  k.quarantined_rows_unknown_unit::DOUBLE AS quarantined_rows_unknown_unit,
  k.units_without_data::DOUBLE AS units_without_data,
  k.quarantined_rows = 0 AND k.units_without_data = 0 AS complete,
  coalesce(c.carried_units, 0)::DOUBLE AS carried_units,
  unnest(cds_in_figures(r.in_total, r.in_electronic, x.in_completed, x.in_processed_electronic, x.in_completed_unrecorded))
FROM months m LEFT JOIN c USING (month) JOIN completeness k USING (month) LEFT JOIN received r USING (month) LEFT JOIN processed x USING (month)
ORDER BY m.month;
