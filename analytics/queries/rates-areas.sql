-- The pooled counts and rates of the areas in $areas (sum of numerators / sum of
-- denominators), one row per area, in one pass: the monthly report pools 31 areas at once.
SELECT
  a.area AS code,
  count(*)::INTEGER AS units,
  sum(c.out_total)::DOUBLE AS out_total, sum(c.out_electronic)::DOUBLE AS out_electronic, sum(c.out_signed)::DOUBLE AS out_signed,
  sum(c.in_on_time)::DOUBLE AS in_on_time, sum(c.in_late)::DOUBLE AS in_late, sum(c.in_pending)::DOUBLE AS in_pending,
  sum(c.secret_excluded)::DOUBLE AS secret_excluded,
  cds_rate(sum(c.out_electronic), sum(c.out_total)) AS sent_electronic_rate,
  cds_rate(sum(c.out_signed), sum(c.out_total)) AS signed_rate,
  cds_rate(sum(c.in_on_time), sum(c.in_on_time) + sum(c.in_late)) AS on_time_rate
FROM unit_counts($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) c
JOIN area_units a ON a.unit_code = c.unit_code AND list_contains($areas::VARCHAR[], a.area)
GROUP BY a.area;
