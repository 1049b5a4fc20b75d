-- One row per unit: its counts and rates for the period, and how complete they are (its
-- open quarantined rows in the period; units_without_data: it, or a unit whose history it
-- took, is due to have documents and has none). $level and $unit narrow the list.
-- The units are those of the map in force on the period's last day (issue 17,
-- analytics/models/marts/area_counts.sql), each with the documents of its code, those of
-- ended codes whose main successor it is, and, when the period began on an earlier map,
-- those of the units whose history it took; the received and processed rates
-- (marts/received_electronic.sql, marts/processed_electronic.sql) pool the same way: the
-- processed rate counts only documents whose export carries the field, and
-- in_completed_unrecorded says how many completed documents it could not count.
-- paper_to_office: a provincial body's paper logged by the Provincial Office ($office) on or
-- after its milestone (marts/paper_sent_to_office.sql); 0 for the other units.
SELECT
  u.code, u.name, u.level, u.parent_code,
  unnest(cds_out_figures(c.out_total, c.out_electronic, c.out_signed, c.in_on_time, c.in_late, c.in_pending, c.secret_excluded)),
  coalesce(c.quarantined_rows, 0)::DOUBLE AS quarantined_rows,
  coalesce(c.units_without_data, 0)::DOUBLE AS units_without_data,
  coalesce(c.quarantined_rows, 0) = 0 AND coalesce(c.units_without_data, 0) = 0 AS complete,
  coalesce(c.as_out, 0)::DOUBLE AS quarantined_as_out,
  coalesce(c.as_late, 0)::DOUBLE AS quarantined_as_late,
  coalesce(c.as_in, 0)::DOUBLE AS quarantined_as_in,
  coalesce(c.as_completed, 0)::DOUBLE AS quarantined_as_completed,
  unnest(cds_in_figures(r.in_total, r.in_electronic, p.in_completed, p.in_processed_electronic, p.in_completed_unrecorded)),
  coalesce(o.paper_to_office, 0)::DOUBLE AS paper_to_office
FROM unit_versions u
LEFT JOIN area_counts($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END, $to::DATE, ['unit']) c
  ON c.area = u.code
LEFT JOIN (
  SELECT a.area AS code, sum(x.in_total) AS in_total, sum(x.in_electronic) AS in_electronic
  FROM unit_month_received($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) x
  JOIN unit_map a ON a.area_kind = 'unit' AND $to::DATE BETWEEN a.map_from AND a.map_to
    AND a.code = x.unit_code AND x.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY a.area
) r ON r.code = u.code
LEFT JOIN (
  SELECT a.area AS code, sum(x.in_completed) AS in_completed, sum(x.in_processed_electronic) AS in_processed_electronic,
         sum(x.in_completed_unrecorded) AS in_completed_unrecorded
  FROM unit_month_processed($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) x
  JOIN unit_map a ON a.area_kind = 'unit' AND $to::DATE BETWEEN a.map_from AND a.map_to
    AND a.code = x.unit_code AND x.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY a.area
) p ON p.code = u.code
LEFT JOIN paper_sent_to_office($office::VARCHAR, $from::DATE, $to::DATE, $as_of::DATE) o ON o.unit_code = u.code
WHERE $to::DATE BETWEEN u.valid_from AND u.valid_to
  AND ($level::VARCHAR IS NULL OR u.level = $level::VARCHAR) AND ($unit::VARCHAR IS NULL OR u.code = $unit::VARCHAR)
ORDER BY CASE u.level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, u.code;
