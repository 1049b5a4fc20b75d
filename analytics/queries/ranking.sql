-- One level's peer group ranked by score ($level):
--   district  the districts on the map of the period's end (27, then 26 from 1/12/2024), each
--             on its area's pooled figures (its People's Committee and its communes); from
--             1/7/2025 the district level is gone and this level has no members;
--   province  the 20 provincial bodies, each on its own figures (from its milestone);
--   commune   the communes on the map of the period's end, each on its own figures and its
--             predecessors': all of them (559; 166 from 1/7/2025), or with $district the
--             communes of that district on that map.
-- The score is the scorecard's (cds_score, rules.sql; settings ranking.scorecard, bound as
-- $w_* weights, $t_* targets, $b_* bonuses, $p_* points per violating document); with the
-- default scorecard the mean of the three rates (NULL rates left out). Rates and score are
-- rounded to 4 decimals before comparing, shared ranks for ties (1, 2, 2, 4); a member with
-- no score is unranked (unranked_reason 'no_data') and listed last. The previous period is
-- ranked the same way for previous_rank.
--
-- Each member says how complete its figures are (its units' open quarantined rows in the
-- period, its units due to have documents that have none), and $rule (settings.json
-- ranking.incompleteUnits; INCOMPLETE_RULES in config.ts) decides what an incomplete member's
-- rank is:
--   as_computed    ranked on its figures as they are;
--   count_against  its open quarantined rows count against it: each one the quarantine
--                  mart counts as outgoing (quarantined_as_out) is one more outgoing
--                  document neither sent electronically nor signed, each one it counts as
--                  late (quarantined_as_late) one more late incoming document; the counts
--                  and rates of the row are those it is ranked on. With no open row, the
--                  figures are unchanged;
--   unranked       an incomplete district is not ranked (unranked_reason 'incomplete'); the
--                  others are ranked among themselves.
-- The map (issue 17, analytics/models/marts/area_counts.sql): both periods are pooled on the
-- map in force on the current period's last day ($to), each document where its unit was on
-- its date and carried forward to that map (a member's predecessors counted with it), so
-- previous_rank is the rank on the current map.
WITH members AS (
  -- the members of the level on the map of $to (area kinds: 'district'; 'commune'; 'unit' for
  -- the provincial bodies)
  SELECT v.code
  FROM unit_versions v
  WHERE $to::DATE BETWEEN v.valid_from AND v.valid_to AND v.level = $level::VARCHAR
    AND ($level::VARCHAR <> 'commune' OR $district::VARCHAR IS NULL OR v.parent_code = $district::VARCHAR)
), sums AS (
  SELECT 'current' AS which, a.area AS code, a.* EXCLUDE (area_kind, area, units, carried_units, ended_codes)
  FROM area_counts($from::DATE, $to::DATE, $as_of::DATE, 'required', $to::DATE, [CASE $level::VARCHAR WHEN 'province' THEN 'unit' ELSE $level::VARCHAR END]) a
  JOIN members m ON m.code = a.area
  UNION ALL
  SELECT 'previous', a.area, a.* EXCLUDE (area_kind, area, units, carried_units, ended_codes)
  FROM area_counts($prev_from::DATE, $prev_to::DATE, $as_of::DATE, 'required', $to::DATE, [CASE $level::VARCHAR WHEN 'province' THEN 'unit' ELSE $level::VARCHAR END]) a
  JOIN members m ON m.code = a.area
), counted AS (
  -- what the district is ranked on
  SELECT * REPLACE (
           out_total + CASE WHEN $rule::VARCHAR = 'count_against' THEN as_out ELSE 0 END AS out_total,
           in_late + CASE WHEN $rule::VARCHAR = 'count_against' THEN as_late ELSE 0 END AS in_late),
         quarantined_rows = 0 AND units_without_data = 0 AS complete
  FROM sums
), rated AS (
  SELECT *,
         round(cds_rate(out_electronic, out_total), 4) AS sent_electronic_rate,
         round(cds_rate(out_signed, out_total), 4) AS signed_rate,
         round(cds_rate(in_on_time, in_on_time + in_late), 4) AS on_time_rate
  FROM counted
), scored AS (
  SELECT *, cds_score(
           [sent_electronic_rate, signed_rate, on_time_rate],
           [$w_sent::DOUBLE, $w_signed::DOUBLE, $w_on_time::DOUBLE],
           [$t_sent::DOUBLE, $t_signed::DOUBLE, $t_on_time::DOUBLE],
           [$b_sent::DOUBLE, $b_signed::DOUBLE, $b_on_time::DOUBLE],
           [(out_total - out_electronic)::DOUBLE, (out_total - out_signed)::DOUBLE, in_late::DOUBLE],
           [$p_not_electronic::DOUBLE, $p_not_signed::DOUBLE, $p_late::DOUBLE]) AS score
  FROM rated
), eligible AS (
  SELECT *, CASE WHEN score IS NULL THEN 'no_data' WHEN $rule::VARCHAR = 'unranked' AND NOT complete THEN 'incomplete' END AS unranked_reason
  FROM scored
), ranked AS (
  SELECT *, CASE WHEN unranked_reason IS NULL THEN rank() OVER (PARTITION BY which, unranked_reason IS NULL ORDER BY score DESC) END::INTEGER AS rank
  FROM eligible
)
SELECT
  c.code, u.name, u.short_name, CASE WHEN u.level = 'commune' AND u.parent_code <> '38' THEN u.parent_code END AS district_code, c.rank, p.rank AS previous_rank, c.score,
  c.sent_electronic_rate, c.signed_rate, c.on_time_rate,
  c.out_total::DOUBLE AS out_total, c.out_electronic::DOUBLE AS out_electronic, c.out_signed::DOUBLE AS out_signed,
  c.in_on_time::DOUBLE AS in_on_time, c.in_late::DOUBLE AS in_late, c.in_pending::DOUBLE AS in_pending,
  c.secret_excluded::DOUBLE AS secret_excluded,
  c.quarantined_rows::DOUBLE AS quarantined_rows, c.units_without_data::DOUBLE AS units_without_data, c.complete,
  c.as_out::DOUBLE AS quarantined_as_out, c.as_late::DOUBLE AS quarantined_as_late,
  c.unranked_reason
FROM ranked c
JOIN ranked p ON p.code = c.code AND p.which = 'previous'
JOIN unit_versions u ON u.code = c.code AND $to::DATE BETWEEN u.valid_from AND u.valid_to
WHERE c.which = 'current'
ORDER BY c.rank NULLS LAST, c.unranked_reason = 'no_data', c.code;
