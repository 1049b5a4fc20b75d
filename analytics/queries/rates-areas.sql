-- The pooled counts and rates of the areas in $areas (sum of numerators / sum of
-- denominators), one row per area, in one pass: the monthly report pools 31 areas at once.
-- Beside them, how complete they are: the open quarantined rows of the area's units in the
-- period, and for the province (38) also those of no unit of the registry
-- (quarantined_rows_unknown_unit, included in quarantined_rows); the units due to have
-- documents that have none (units_without_data). The received and processed rates pool the
-- same way (in_completed_unrecorded: completed documents whose export lacks the field).
-- The areas (and their received and processed rates) are those of the map in force on the period's last day (issue 17,
-- analytics/models/marts/area_counts.sql): each document counts where its unit was on its
-- date, carried forward to that map. An area not on it (a district after 30/6/2025, the
-- district level then) has no units and no figures.
WITH unattributed AS (
  SELECT coalesce(sum(quarantined_rows), 0) AS n
  FROM quarantine_unattributed($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END)
), counted AS (
  SELECT * FROM area_counts($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END,
                            $to::DATE, ['province', 'level', 'district', 'commune'])
  WHERE list_contains($areas::VARCHAR[], area)
), pooled AS (
  SELECT
    r.code,
    coalesce(c.units, 0)::INTEGER AS units,
    unnest(cds_out_figures(c.out_total, c.out_electronic, c.out_signed, c.in_on_time, c.in_late, c.in_pending, c.secret_excluded)),
    coalesce(c.quarantined_rows, 0) AS unit_quarantined_rows,
    coalesce(c.units_without_data, 0) AS units_without_data,
    coalesce(c.as_out, 0)::DOUBLE AS quarantined_as_out,
    coalesce(c.as_late, 0)::DOUBLE AS quarantined_as_late,
    coalesce(c.as_in, 0)::DOUBLE AS quarantined_as_in,
    coalesce(c.as_completed, 0)::DOUBLE AS quarantined_as_completed
  FROM (SELECT unnest($areas::VARCHAR[]) AS code) r
  LEFT JOIN counted c ON c.area = r.code
), map_members AS (
  SELECT m.* FROM unit_map m
  WHERE $to::DATE BETWEEN m.map_from AND m.map_to AND list_contains(['province', 'level', 'district', 'commune'], m.area_kind)
    AND list_contains($areas::VARCHAR[], m.area)
), received AS (
  SELECT a.area AS code, sum(r.in_total) AS in_total, sum(r.in_electronic) AS in_electronic
  FROM unit_month_received($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) r
  JOIN map_members a ON a.code = r.unit_code AND r.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY a.area
), processed AS (
  SELECT a.area AS code, sum(x.in_completed) AS in_completed, sum(x.in_processed_electronic) AS in_processed_electronic,
         sum(x.in_completed_unrecorded) AS in_completed_unrecorded
  FROM unit_month_processed($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) x
  JOIN map_members a ON a.code = x.unit_code AND x.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY a.area
)
SELECT
  p.* EXCLUDE (unit_quarantined_rows, units_without_data, quarantined_as_out, quarantined_as_late, quarantined_as_in, quarantined_as_completed),
  unnest(cds_in_figures(r.in_total, r.in_electronic, x.in_completed, x.in_processed_electronic, x.in_completed_unrecorded)),
  (p.unit_quarantined_rows + CASE WHEN p.code = '38' THEN u.n ELSE 0 END)::DOUBLE AS quarantined_rows,
  (CASE WHEN p.code = '38' THEN u.n ELSE 0 END)::DOUBLE AS quarantined_rows_unknown_unit,
  p.units_without_data::DOUBLE AS units_without_data,
  p.unit_quarantined_rows + CASE WHEN p.code = '38' THEN u.n ELSE 0 END = 0 AND p.units_without_data = 0 AS complete,
  p.quarantined_as_out, p.quarantined_as_late, p.quarantined_as_in, p.quarantined_as_completed
FROM pooled p CROSS JOIN unattributed u LEFT JOIN received r USING (code) LEFT JOIN processed x USING (code);
