-- Per level: its milestone, its units, the units at 100 % on both outgoing rates since the
-- milestone (and those with no outgoing document since), and the pooled figures of the
-- required phase (from the milestone to as_of) and of the baseline (before the milestone).
-- On the map of each date (issue 17): a document counts for the level its unit had on its
-- business date (unit_map on the map of that month; a district's documents up to 30/6/2025
-- stay with the district level); the units are those of the map in force on as_of (no
-- district from 1/7/2025, 166 communes), each with the documents of the codes whose history
-- it took.
WITH monthly AS (
  SELECT 'required' AS phase, c.* FROM unit_month_counts(DATE '1900-01-01', DATE '9999-12-31', $as_of::DATE, 'required') c
  UNION ALL
  SELECT 'baseline', c.* FROM unit_month_counts(DATE '1900-01-01', DATE '9999-12-31', $as_of::DATE, 'baseline') c
), figures AS (
  SELECT m.area AS level, c.phase,
         sum(c.out_total) AS out_total, sum(c.out_electronic) AS out_electronic, sum(c.out_signed) AS out_signed,
         sum(c.in_on_time) AS in_on_time, sum(c.in_late) AS in_late, sum(c.in_pending) AS in_pending,
         sum(c.secret_excluded) AS secret_excluded
  FROM monthly c
  JOIN (SELECT code, area, greatest(map_from, doc_from) AS lo, least(map_to, doc_to) AS hi FROM unit_map WHERE area_kind = 'level' AND doc_from <= $as_of::DATE) m
    ON m.code = c.unit_code AND c.month BETWEEN m.lo AND m.hi
  GROUP BY ALL
), units AS (
  SELECT v.level,
         count(*) AS units,
         count(*) FILTER (WHERE c.out_total > 0 AND c.out_electronic = c.out_total AND c.out_signed = c.out_total) AS units_full_compliance,
         count(*) FILTER (WHERE coalesce(c.out_total, 0) = 0) AS units_without_outgoing
  FROM unit_versions v
  LEFT JOIN area_counts(DATE '1900-01-01', $as_of::DATE, $as_of::DATE, 'required', $as_of::DATE, ['unit']) c ON c.area = v.code
  WHERE $as_of::DATE BETWEEN v.valid_from AND v.valid_to
  GROUP BY ALL
), phases AS (
  SELECT unnest(['required', 'baseline']) AS phase
)
SELECT
  m.level, strftime(m.milestone, '%Y-%m-%d') AS milestone, (m.milestone > $as_of::DATE) AS not_yet_due,
  coalesce(r.units, 0)::INTEGER AS units,
  coalesce(r.units_full_compliance, 0)::INTEGER AS units_full_compliance,
  coalesce(r.units_without_outgoing, 0)::INTEGER AS units_without_outgoing,
  p.phase,
  unnest(cds_out_figures(f.out_total, f.out_electronic, f.out_signed, f.in_on_time, f.in_late, f.in_pending, f.secret_excluded))
FROM milestones m
CROSS JOIN phases p
LEFT JOIN units r ON r.level = m.level
LEFT JOIN figures f ON f.level = m.level AND f.phase = p.phase
ORDER BY CASE m.level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, p.phase DESC;
