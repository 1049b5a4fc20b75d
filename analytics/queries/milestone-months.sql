-- Per level, each month from its milestone's month to as_of's: pooled rates of the required
-- phase, each document with the level its unit had on its business date (issue 17: unit_map
-- on the map of that month).
WITH c AS (
  SELECT m.area AS level, c.month,
         sum(c.out_total) AS out_total, sum(c.out_electronic) AS out_electronic, sum(c.out_signed) AS out_signed,
         sum(c.in_on_time) AS in_on_time, sum(c.in_late) AS in_late, sum(c.in_pending) AS in_pending
  FROM (SELECT * FROM unit_month_counts(DATE '1900-01-01', DATE '9999-12-31', $as_of::DATE, 'required') WHERE month <= $as_of::DATE) c
  JOIN (SELECT code, area, greatest(map_from, doc_from) AS lo, least(map_to, doc_to) AS hi FROM unit_map WHERE area_kind = 'level' AND doc_from <= $as_of::DATE) m
    ON m.code = c.unit_code AND c.month BETWEEN m.lo AND m.hi
  GROUP BY ALL
), months AS (
  SELECT m.level, unnest(generate_series(date_trunc('month', m.milestone), date_trunc('month', $as_of::DATE), INTERVAL 1 MONTH))::DATE AS month
  FROM milestones m WHERE m.milestone <= $as_of::DATE
)
SELECT
  ms.level, strftime(ms.month, '%Y-%m') AS month,
  coalesce(c.out_total, 0)::DOUBLE AS out_total, coalesce(c.out_electronic, 0)::DOUBLE AS out_electronic,
  coalesce(c.out_signed, 0)::DOUBLE AS out_signed, coalesce(c.in_on_time, 0)::DOUBLE AS in_on_time,
  coalesce(c.in_late, 0)::DOUBLE AS in_late, coalesce(c.in_pending, 0)::DOUBLE AS in_pending,
  cds_rate(c.out_electronic, c.out_total) AS sent_electronic_rate,
  cds_rate(c.out_signed, c.out_total) AS signed_rate,
  cds_rate(c.in_on_time, c.in_on_time + c.in_late) AS on_time_rate
FROM months ms LEFT JOIN c USING (level, month)
ORDER BY CASE ms.level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, ms.month;
