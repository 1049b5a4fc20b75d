-- The pooled counts and rates of the areas in $areas (sum of numerators / sum of
-- denominators), one row per area, in one pass: the monthly report pools 31 areas at once.
-- Beside them, how complete they are: the open quarantined rows of the area's units in the
-- period, and for the province (38) also those of no unit of the registry
-- (quarantined_rows_unknown_unit, included in quarantined_rows); the units due to have
-- documents that have none (units_without_data). The received and processed rates pool the
-- same way (in_completed_unrecorded: completed documents whose export lacks the field).
WITH unattributed AS (
  SELECT coalesce(sum(quarantined_rows), 0) AS n
  FROM quarantine_unattributed($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END)
), pooled AS (
  SELECT
    a.area AS code,
    count(*)::INTEGER AS units,
    sum(c.out_total)::DOUBLE AS out_total, sum(c.out_electronic)::DOUBLE AS out_electronic, sum(c.out_signed)::DOUBLE AS out_signed,
    sum(c.in_on_time)::DOUBLE AS in_on_time, sum(c.in_late)::DOUBLE AS in_late, sum(c.in_pending)::DOUBLE AS in_pending,
    sum(c.secret_excluded)::DOUBLE AS secret_excluded,
    cds_rate(sum(c.out_electronic), sum(c.out_total)) AS sent_electronic_rate,
    cds_rate(sum(c.out_signed), sum(c.out_total)) AS signed_rate,
    cds_rate(sum(c.in_on_time), sum(c.in_on_time) + sum(c.in_late)) AS on_time_rate,
    sum(c.quarantined_rows) AS unit_quarantined_rows,
    count(*) FILTER (WHERE c.without_data) AS units_without_data,
    sum(c.as_out)::DOUBLE AS quarantined_as_out,
    sum(c.as_late)::DOUBLE AS quarantined_as_late
  FROM unit_counts($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) c
  JOIN area_units a ON a.unit_code = c.unit_code AND list_contains($areas::VARCHAR[], a.area)
  GROUP BY a.area
), received AS (
  SELECT a.area AS code, sum(r.in_total) AS in_total, sum(r.in_electronic) AS in_electronic
  FROM unit_month_received($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) r
  JOIN area_units a ON a.unit_code = r.unit_code AND list_contains($areas::VARCHAR[], a.area)
  GROUP BY a.area
), processed AS (
  SELECT a.area AS code, sum(x.in_completed) AS in_completed, sum(x.in_processed_electronic) AS in_processed_electronic,
         sum(x.in_completed_unrecorded) AS in_completed_unrecorded
  FROM unit_month_processed($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) x
  JOIN area_units a ON a.unit_code = x.unit_code AND list_contains($areas::VARCHAR[], a.area)
  GROUP BY a.area
)
SELECT
  p.* EXCLUDE (unit_quarantined_rows, units_without_data, quarantined_as_out, quarantined_as_late),
  coalesce(r.in_total, 0)::DOUBLE AS in_total, coalesce(r.in_electronic, 0)::DOUBLE AS in_electronic,
  cds_rate(r.in_electronic, r.in_total) AS received_electronic_rate,
  coalesce(x.in_completed, 0)::DOUBLE AS in_completed, coalesce(x.in_processed_electronic, 0)::DOUBLE AS in_processed_electronic,
  coalesce(x.in_completed_unrecorded, 0)::DOUBLE AS in_completed_unrecorded,
  cds_rate(x.in_processed_electronic, x.in_completed) AS processed_electronic_rate,
  (p.unit_quarantined_rows + CASE WHEN p.code = '38' THEN u.n ELSE 0 END)::DOUBLE AS quarantined_rows,
  (CASE WHEN p.code = '38' THEN u.n ELSE 0 END)::DOUBLE AS quarantined_rows_unknown_unit,
  p.units_without_data::DOUBLE AS units_without_data,
  p.unit_quarantined_rows + CASE WHEN p.code = '38' THEN u.n ELSE 0 END = 0 AND p.units_without_data = 0 AS complete,
  p.quarantined_as_out, p.quarantined_as_late
FROM pooled p CROSS JOIN unattributed u LEFT JOIN received r USING (code) LEFT JOIN processed x USING (code);
