-- Monthly pooled figures of a national area ($area: 'VN', a province's code, a level) from
-- $from to $to (first days of months), every month included, in the shape of
-- analytics/queries/trend.sql (carried_units: always 0, a province's map is its own).
WITH months AS (
  SELECT unnest(generate_series($from::DATE, $to::DATE, INTERVAL 1 MONTH))::DATE AS month
), kind AS (
  SELECT CASE WHEN $area::VARCHAR = 'VN' THEN 'province' WHEN $area::VARCHAR IN ('province', 'district', 'commune') THEN 'level' ELSE 'unit' END AS k
), monthly AS (
  SELECT m.month, s.*
  FROM months m, kind, LATERAL (
    SELECT * FROM national_area_sums(m.month, last_day(m.month), $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END, [kind.k])
    WHERE area = $area::VARCHAR
  ) s
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
  coalesce(c.quarantined_rows, 0)::DOUBLE AS quarantined_rows,
  coalesce(c.quarantined_rows_unknown_unit, 0)::DOUBLE AS quarantined_rows_unknown_unit,
  coalesce(c.units_without_data, 0)::DOUBLE AS units_without_data,
  coalesce(c.quarantined_rows, 0) = 0 AND coalesce(c.units_without_data, 0) = 0 AS complete,
  0::DOUBLE AS carried_units,
  coalesce(c.in_total, 0)::DOUBLE AS in_total, coalesce(c.in_electronic, 0)::DOUBLE AS in_electronic,
  cds_rate(c.in_electronic, c.in_total) AS received_electronic_rate,
  coalesce(c.in_completed, 0)::DOUBLE AS in_completed, coalesce(c.in_processed_electronic, 0)::DOUBLE AS in_processed_electronic,
  coalesce(c.in_completed_unrecorded, 0)::DOUBLE AS in_completed_unrecorded,
  cds_rate(c.in_processed_electronic, c.in_completed) AS processed_electronic_rate
FROM months m LEFT JOIN monthly c USING (month)
ORDER BY m.month;
