-- The 27 districts ranked by score: the mean of the district area's three rates (NULL rates
-- left out), rates and score rounded to 4 decimals before comparing, shared ranks for
-- ties (1, 2, 2, 4); a district with no rate at all is unranked and listed last. The
-- previous period is ranked the same way for previous_rank.
WITH pooled AS (
  SELECT 'current' AS which, a.area AS code, c.*
  FROM unit_counts($from::DATE, $to::DATE, $as_of::DATE, 'required') c
  JOIN area_units a ON a.unit_code = c.unit_code AND a.area_kind = 'district'
  UNION ALL
  SELECT 'previous', a.area, c.*
  FROM unit_counts($prev_from::DATE, $prev_to::DATE, $as_of::DATE, 'required') c
  JOIN area_units a ON a.unit_code = c.unit_code AND a.area_kind = 'district'
), sums AS (
  SELECT which, code,
         sum(out_total) AS out_total, sum(out_electronic) AS out_electronic, sum(out_signed) AS out_signed,
         sum(in_on_time) AS in_on_time, sum(in_late) AS in_late, sum(in_pending) AS in_pending,
         sum(secret_excluded) AS secret_excluded
  FROM pooled GROUP BY ALL
), rated AS (
  SELECT *,
         round(cds_rate(out_electronic, out_total), 4) AS sent_electronic_rate,
         round(cds_rate(out_signed, out_total), 4) AS signed_rate,
         round(cds_rate(in_on_time, in_on_time + in_late), 4) AS on_time_rate
  FROM sums
), scored AS (
  SELECT *, round(list_avg(list_filter([sent_electronic_rate, signed_rate, on_time_rate], x -> x IS NOT NULL)), 4) AS score
  FROM rated
), ranked AS (
  SELECT *, CASE WHEN score IS NOT NULL THEN rank() OVER (PARTITION BY which ORDER BY score DESC NULLS LAST) END::INTEGER AS rank
  FROM scored
)
SELECT
  c.code, u.name, u.short_name, c.rank, p.rank AS previous_rank, c.score,
  c.sent_electronic_rate, c.signed_rate, c.on_time_rate,
  c.out_total::DOUBLE AS out_total, c.out_electronic::DOUBLE AS out_electronic, c.out_signed::DOUBLE AS out_signed,
  c.in_on_time::DOUBLE AS in_on_time, c.in_late::DOUBLE AS in_late, c.in_pending::DOUBLE AS in_pending,
  c.secret_excluded::DOUBLE AS secret_excluded
FROM ranked c
JOIN ranked p ON p.code = c.code AND p.which = 'previous'
JOIN stg_units u ON u.unit_code = c.code
WHERE c.which = 'current'
ORDER BY c.rank NULLS LAST, c.code;
