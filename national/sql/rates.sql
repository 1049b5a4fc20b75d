-- The pooled figures of the national areas in $areas ('VN' the country, a province's code, a
-- level), in the shape of analytics/queries/rates-areas.sql.
WITH asked AS (
  SELECT unnest($areas::VARCHAR[]) AS code
), sums AS (
  SELECT * FROM national_area_sums($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END,
                                   ['unit', 'province', 'level'])
)
SELECT
  r.code,
  coalesce(s.units, 0)::INTEGER AS units,
  unnest(cds_out_figures(s.out_total, s.out_electronic, s.out_signed, s.in_on_time, s.in_late, s.in_pending, s.secret_excluded)),
  unnest(cds_in_figures(s.in_total, s.in_electronic, s.in_completed, s.in_processed_electronic, s.in_completed_unrecorded)),
  coalesce(s.quarantined_rows, 0)::DOUBLE AS quarantined_rows,
  coalesce(s.quarantined_rows_unknown_unit, 0)::DOUBLE AS quarantined_rows_unknown_unit,
  coalesce(s.units_without_data, 0)::DOUBLE AS units_without_data,
  coalesce(s.provinces_unpublished, 0)::DOUBLE AS provinces_unpublished,
  coalesce(s.communes_unregistered, 0)::DOUBLE AS communes_unregistered,
  coalesce(s.quarantined_rows, 0) = 0 AND coalesce(s.units_without_data, 0) = 0 AND coalesce(s.provinces_unpublished, 0) = 0 AS complete,
  coalesce(s.as_out, 0)::DOUBLE AS quarantined_as_out, coalesce(s.as_late, 0)::DOUBLE AS quarantined_as_late,
  coalesce(s.as_in, 0)::DOUBLE AS quarantined_as_in,
  coalesce(s.as_completed, 0)::DOUBLE AS quarantined_as_completed
FROM asked r
LEFT JOIN sums s ON s.area = r.code AND s.area_kind = CASE WHEN r.code = 'VN' THEN 'province' WHEN r.code IN ('province', 'district', 'commune') THEN 'level' ELSE 'unit' END;
