-- Areas on the map of a date (issue 17; README, "The map changes"). unit_map (written from
-- the versioned registry at start-up, warehouse/registry.ts) says, for the map in force on
-- each date, where the documents of each code and business date count: the unit the code
-- was on that date (or, for a code that had already ended, its main successor), that unit's
-- district on that date, its level and the province — carried forward to the later map
-- through main successors when the unit is not on it any more. Changes fall on the first of
-- a month (checked at start-up), so the monthly counts of unit_month_counts join it exactly.
--
-- area_counts: the counts of every area of the kinds in `kinds` ('province', 'level',
-- 'district', 'commune', 'unit') on the map in force on map_date, for documents whose
-- business date is in [d_from, d_to] and that exist by the end of as_of, in `phase` (as
-- unit_counts); with how complete they are: the open quarantined rows of its units, and
-- units_without_data, its units due to have documents that have none (a code counts as a
-- unit of the area only on the dates it was itself in force, not as an ended code whose
-- documents went to its successor). carried_units: the units (codes) with documents in the
-- range that are not on this map, whose figures are pooled into the area (its
-- predecessors); ended_codes: the codes with documents dated after they had ended,
-- counted for their successor.
CREATE OR REPLACE MACRO area_counts(d_from, d_to, as_of, phase, map_date, kinds) AS TABLE
WITH scope AS (
  SELECT d_from::DATE AS lo, least(d_to::DATE, as_of::DATE) AS hi, phase::VARCHAR AS phase, map_date::DATE AS map_date
), members AS (
  SELECT m.* FROM unit_map m, scope s
  WHERE s.map_date BETWEEN m.map_from AND m.map_to AND list_contains(kinds, m.area_kind)
    AND m.doc_from <= s.hi AND m.doc_to >= s.lo
), counts AS (
  SELECT m.area_kind, m.area, m.code, m.via_successor, m.carried, c.*
  FROM unit_month_counts(d_from, d_to, as_of, phase) c
  JOIN members m ON m.code = c.unit_code AND c.month BETWEEN m.doc_from AND m.doc_to
), due AS (
  -- each code of each area, on the dates it was itself in force: due, and with data
  SELECT m.area_kind, m.area, m.code,
         bool_or(cds_unit_due(u.milestone, greatest(s.lo, m.doc_from), least(s.hi, m.doc_to), s.phase)) AS due
  FROM members m JOIN stg_units u ON u.unit_code = m.code, scope s
  WHERE NOT m.via_successor
  GROUP BY ALL
), with_data AS (
  SELECT area_kind, area, code, bool_or(has_data) AS has_data FROM counts GROUP BY ALL
), sums AS (
  SELECT area_kind, area,
         sum(out_total)::BIGINT AS out_total, sum(out_electronic)::BIGINT AS out_electronic, sum(out_signed)::BIGINT AS out_signed,
         sum(in_on_time)::BIGINT AS in_on_time, sum(in_late)::BIGINT AS in_late, sum(in_pending)::BIGINT AS in_pending,
         sum(secret_excluded)::BIGINT AS secret_excluded,
         sum(quarantined_rows)::BIGINT AS quarantined_rows, sum(as_out)::BIGINT AS as_out, sum(as_late)::BIGINT AS as_late,
         sum(as_in)::BIGINT AS as_in, sum(as_completed)::BIGINT AS as_completed,
         count(DISTINCT code) FILTER (WHERE carried AND has_data)::BIGINT AS carried_units,
         count(DISTINCT code) FILTER (WHERE via_successor AND has_data)::BIGINT AS ended_codes
  FROM counts GROUP BY ALL
), areas AS (
  SELECT area_kind, area,
         count(*)::BIGINT AS units,
         count(*) FILTER (WHERE d.due AND NOT coalesce(w.has_data, false))::BIGINT AS units_without_data
  FROM due d LEFT JOIN with_data w USING (area_kind, area, code)
  GROUP BY ALL
)
SELECT
  area_kind, area,
  coalesce(a.units, 0) AS units,
  coalesce(s.out_total, 0) AS out_total, coalesce(s.out_electronic, 0) AS out_electronic, coalesce(s.out_signed, 0) AS out_signed,
  coalesce(s.in_on_time, 0) AS in_on_time, coalesce(s.in_late, 0) AS in_late, coalesce(s.in_pending, 0) AS in_pending,
  coalesce(s.secret_excluded, 0) AS secret_excluded,
  coalesce(s.quarantined_rows, 0) AS quarantined_rows, coalesce(a.units_without_data, 0) AS units_without_data,
  coalesce(s.as_out, 0) AS as_out, coalesce(s.as_late, 0) AS as_late, coalesce(s.as_in, 0) AS as_in,
  coalesce(s.as_completed, 0) AS as_completed,
  coalesce(s.carried_units, 0) AS carried_units, coalesce(s.ended_codes, 0) AS ended_codes
FROM areas a FULL JOIN sums s USING (area_kind, area);

-- The level a ranking ranks on the map in force on map_date: the districts while they exist
-- (27, then 26 from 1/12/2024), the communes once the district level is gone (1/7/2025).
CREATE OR REPLACE MACRO cds_ranked_kind(map_date) AS
  CASE WHEN EXISTS (SELECT 1 FROM unit_versions v WHERE v.level = 'district' AND map_date::DATE BETWEEN v.valid_from AND v.valid_to)
       THEN 'district' ELSE 'commune' END;
