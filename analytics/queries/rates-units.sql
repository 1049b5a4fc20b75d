-- One row per unit: its counts and rates for the period, and how complete they are (its
-- open quarantined rows in the period; units_without_data 1 when it is due to have
-- documents and has none). $level and $unit narrow the list. Beside them, the received and
-- processed rates (marts/received_electronic.sql, marts/processed_electronic.sql): the
-- processed rate counts only documents whose export carries the field, and
-- in_completed_unrecorded says how many completed documents it could not count.
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
  c.as_late::DOUBLE AS quarantined_as_late,
  coalesce(r.in_total, 0)::DOUBLE AS in_total, coalesce(r.in_electronic, 0)::DOUBLE AS in_electronic,
  cds_rate(r.in_electronic, r.in_total) AS received_electronic_rate,
  coalesce(p.in_completed, 0)::DOUBLE AS in_completed, coalesce(p.in_processed_electronic, 0)::DOUBLE AS in_processed_electronic,
  coalesce(p.in_completed_unrecorded, 0)::DOUBLE AS in_completed_unrecorded,
  cds_rate(p.in_processed_electronic, p.in_completed) AS processed_electronic_rate
FROM unit_counts($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) c
JOIN stg_units u USING (unit_code)
LEFT JOIN (
  SELECT unit_code, sum(in_total) AS in_total, sum(in_electronic) AS in_electronic
  FROM unit_month_received($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END)
  GROUP BY unit_code
) r USING (unit_code)
LEFT JOIN (
  SELECT unit_code, sum(in_completed) AS in_completed, sum(in_processed_electronic) AS in_processed_electronic,
         sum(in_completed_unrecorded) AS in_completed_unrecorded
  FROM unit_month_processed($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END)
  GROUP BY unit_code
) p USING (unit_code)
WHERE ($level::VARCHAR IS NULL OR u.level = $level::VARCHAR) AND ($unit::VARCHAR IS NULL OR u.unit_code = $unit::VARCHAR)
ORDER BY CASE u.level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, u.unit_code;
