-- One row per unit: its counts and rates for the period, and how complete they are (its
-- open quarantined rows in the period; units_without_data 1 when it is due to have
-- documents and has none). $level and $unit narrow the list.
SELECT
  u.unit_code AS code, u.name, u.level, u.parent_code,
  c.out_total::DOUBLE AS out_total, c.out_electronic::DOUBLE AS out_electronic, c.out_signed::DOUBLE AS out_signed,
  c.in_on_time::DOUBLE AS in_on_time, c.in_late::DOUBLE AS in_late, c.in_pending::DOUBLE AS in_pending,
  c.secret_excluded::DOUBLE AS secret_excluded,
  cds_rate(c.out_electronic, c.out_total) AS sent_electronic_rate,
  cds_rate(c.out_signed, c.out_total) AS signed_rate,
  cds_rate(c.in_on_time, c.in_on_time + c.in_late) AS on_time_rate,
  c.quarantined_rows::DOUBLE AS quarantined_rows,
  c.without_data::INTEGER::DOUBLE AS units_without_data,
  c.quarantined_rows = 0 AND NOT c.without_data AS complete,
  c.as_out::DOUBLE AS quarantined_as_out,
  c.as_late::DOUBLE AS quarantined_as_late
FROM unit_counts($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) c
JOIN stg_units u USING (unit_code)
WHERE ($level::VARCHAR IS NULL OR u.level = $level::VARCHAR) AND ($unit::VARCHAR IS NULL OR u.unit_code = $unit::VARCHAR)
ORDER BY CASE u.level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, u.unit_code;
