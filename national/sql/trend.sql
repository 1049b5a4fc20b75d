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
  unnest(cds_out_figures(c.out_total, c.out_electronic, c.out_signed, c.in_on_time, c.in_late, c.in_pending, c.secret_excluded)),
  coalesce(c.quarantined_rows, 0)::DOUBLE AS quarantined_rows,
  coalesce(c.quarantined_rows_unknown_unit, 0)::DOUBLE AS quarantined_rows_unknown_unit,
  coalesce(c.units_without_data, 0)::DOUBLE AS units_without_data,
  coalesce(c.provinces_unpublished, 0)::DOUBLE AS provinces_unpublished,
  coalesce(c.communes_unregistered, 0)::DOUBLE AS communes_unregistered,
  coalesce(c.quarantined_rows, 0) = 0 AND coalesce(c.units_without_data, 0) = 0 AND coalesce(c.provinces_unpublished, 0) = 0 AS complete,
  0::DOUBLE AS carried_units,
  unnest(cds_in_figures(c.in_total, c.in_electronic, c.in_completed, c.in_processed_electronic, c.in_completed_unrecorded))
FROM months m LEFT JOIN monthly c USING (month)
ORDER BY m.month;
