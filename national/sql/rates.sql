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
  coalesce(s.out_total, 0)::DOUBLE AS out_total, coalesce(s.out_electronic, 0)::DOUBLE AS out_electronic, coalesce(s.out_signed, 0)::DOUBLE AS out_signed,
  coalesce(s.in_on_time, 0)::DOUBLE AS in_on_time, coalesce(s.in_late, 0)::DOUBLE AS in_late, coalesce(s.in_pending, 0)::DOUBLE AS in_pending,
  coalesce(s.secret_excluded, 0)::DOUBLE AS secret_excluded,
  cds_rate(s.out_electronic, s.out_total) AS sent_electronic_rate,
  cds_rate(s.out_signed, s.out_total) AS signed_rate,
  cds_rate(s.in_on_time, s.in_on_time + s.in_late) AS on_time_rate,
  coalesce(s.in_total, 0)::DOUBLE AS in_total, coalesce(s.in_electronic, 0)::DOUBLE AS in_electronic,
  cds_rate(s.in_electronic, s.in_total) AS received_electronic_rate,
  coalesce(s.in_completed, 0)::DOUBLE AS in_completed, coalesce(s.in_processed_electronic, 0)::DOUBLE AS in_processed_electronic,
  coalesce(s.in_completed_unrecorded, 0)::DOUBLE AS in_completed_unrecorded,
  cds_rate(s.in_processed_electronic, s.in_completed) AS processed_electronic_rate,
  coalesce(s.quarantined_rows, 0)::DOUBLE AS quarantined_rows,
  coalesce(s.quarantined_rows_unknown_unit, 0)::DOUBLE AS quarantined_rows_unknown_unit,
  coalesce(s.units_without_data, 0)::DOUBLE AS units_without_data,
  coalesce(s.quarantined_rows, 0) = 0 AND coalesce(s.units_without_data, 0) = 0 AS complete,
  coalesce(s.as_out, 0)::DOUBLE AS quarantined_as_out, coalesce(s.as_late, 0)::DOUBLE AS quarantined_as_late,
  coalesce(s.as_in, 0)::DOUBLE AS quarantined_as_in,
  coalesce(s.as_completed, 0)::DOUBLE AS quarantined_as_completed
FROM asked r
LEFT JOIN sums s ON s.area = r.code AND s.area_kind = CASE WHEN r.code = 'VN' THEN 'province' WHEN r.code IN ('province', 'district', 'commune') THEN 'level' ELSE 'unit' END;
