-- Monthly pooled counts and rates of an area, every month from $from to $to (months with no
-- documents included, with NULL rates).
WITH months AS (
  SELECT unnest(generate_series($from::DATE, $to::DATE, INTERVAL 1 MONTH))::DATE AS month
), c AS (
  SELECT c.month,
         sum(c.out_total) AS out_total, sum(c.out_electronic) AS out_electronic, sum(c.out_signed) AS out_signed,
         sum(c.in_on_time) AS in_on_time, sum(c.in_late) AS in_late, sum(c.in_pending) AS in_pending,
         sum(c.secret_excluded) AS secret_excluded
  FROM unit_month_counts($from::DATE, last_day($to::DATE), $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) c
  JOIN area_units a ON a.unit_code = c.unit_code AND a.area = $area::VARCHAR
  GROUP BY c.month
)
SELECT
  strftime(m.month, '%Y-%m') AS month,
  coalesce(c.out_total, 0)::DOUBLE AS out_total, coalesce(c.out_electronic, 0)::DOUBLE AS out_electronic,
  coalesce(c.out_signed, 0)::DOUBLE AS out_signed, coalesce(c.in_on_time, 0)::DOUBLE AS in_on_time,
  coalesce(c.in_late, 0)::DOUBLE AS in_late, coalesce(c.in_pending, 0)::DOUBLE AS in_pending,
  coalesce(c.secret_excluded, 0)::DOUBLE AS secret_excluded,
  cds_rate(c.out_electronic, c.out_total) AS sent_electronic_rate,
  cds_rate(c.out_signed, c.out_total) AS signed_rate,
  cds_rate(c.in_on_time, c.in_on_time + c.in_late) AS on_time_rate
FROM months m LEFT JOIN c USING (month)
ORDER BY m.month;
