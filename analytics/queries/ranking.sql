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
-- default scorecard the mean of the three rates (NULL rates left out). The received and
-- processed rates pool on the map as rates-areas.sql does; the processed rate is scored with
-- the completed documents whose export lacks the field counted as not processed
-- electronically (scored_processed_rate; the row shows the rate as recorded); paper_to_office
-- (a provincial body's paper logged by the Provincial Office $office after its milestone) is
-- 0 for the other levels. Rates and score are
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
--                  late (quarantined_as_late) one more late incoming document, each
--                  incoming one (quarantined_as_in, deadline or not) one more incoming
--                  document not received electronically (in_total), each incoming one
--                  with a completion time (quarantined_as_completed) one more completed
--                  document not processed electronically (in_completed); the counts
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
), map_members AS (
  SELECT m.* FROM unit_map m JOIN members x ON x.code = m.area
  WHERE $to::DATE BETWEEN m.map_from AND m.map_to AND m.area_kind = CASE $level::VARCHAR WHEN 'province' THEN 'unit' ELSE $level::VARCHAR END
), directive AS (
  SELECT 'current' AS which, a.area AS code, sum(r.in_total) AS in_total, sum(r.in_electronic) AS in_electronic,
         NULL::HUGEINT AS in_completed, NULL::HUGEINT AS in_processed_electronic, NULL::HUGEINT AS in_completed_unrecorded
  FROM unit_month_received($from::DATE, $to::DATE, $as_of::DATE, 'required') r
  JOIN map_members a ON a.code = r.unit_code AND r.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY a.area
  UNION ALL
  SELECT 'previous', a.area, sum(r.in_total), sum(r.in_electronic), NULL, NULL, NULL
  FROM unit_month_received($prev_from::DATE, $prev_to::DATE, $as_of::DATE, 'required') r
  JOIN map_members a ON a.code = r.unit_code AND r.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY a.area
  UNION ALL
  SELECT 'current', a.area, NULL, NULL, sum(x.in_completed), sum(x.in_processed_electronic), sum(x.in_completed_unrecorded)
  FROM unit_month_processed($from::DATE, $to::DATE, $as_of::DATE, 'required') x
  JOIN map_members a ON a.code = x.unit_code AND x.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY a.area
  UNION ALL
  SELECT 'previous', a.area, NULL, NULL, sum(x.in_completed), sum(x.in_processed_electronic), sum(x.in_completed_unrecorded)
  FROM unit_month_processed($prev_from::DATE, $prev_to::DATE, $as_of::DATE, 'required') x
  JOIN map_members a ON a.code = x.unit_code AND x.month BETWEEN a.doc_from AND a.doc_to
  GROUP BY a.area
), directive_sums AS (
  SELECT which, code, coalesce(sum(in_total), 0) AS in_total, coalesce(sum(in_electronic), 0) AS in_electronic,
         coalesce(sum(in_completed), 0) AS in_completed, coalesce(sum(in_processed_electronic), 0) AS in_processed_electronic,
         coalesce(sum(in_completed_unrecorded), 0) AS in_completed_unrecorded
  FROM directive GROUP BY ALL
), paper AS (
  SELECT 'current' AS which, unit_code AS code, paper_to_office FROM paper_sent_to_office($office::VARCHAR, $from::DATE, $to::DATE, $as_of::DATE)
  UNION ALL
  SELECT 'previous', unit_code, paper_to_office FROM paper_sent_to_office($office::VARCHAR, $prev_from::DATE, $prev_to::DATE, $as_of::DATE)
), counted AS (
  -- what the district is ranked on
  SELECT * REPLACE (
           out_total + CASE WHEN $rule::VARCHAR = 'count_against' THEN as_out ELSE 0 END AS out_total,
           in_late + CASE WHEN $rule::VARCHAR = 'count_against' THEN as_late ELSE 0 END AS in_late),
         quarantined_rows = 0 AND units_without_data = 0 AS complete
  FROM sums
), rated AS (
  SELECT s.*,
         coalesce(d.in_total, 0) + CASE WHEN $rule::VARCHAR = 'count_against' THEN s.as_in ELSE 0 END AS in_total,
         coalesce(d.in_electronic, 0) AS in_electronic,
         coalesce(d.in_completed, 0) + CASE WHEN $rule::VARCHAR = 'count_against' THEN s.as_completed ELSE 0 END AS in_completed, coalesce(d.in_processed_electronic, 0) AS in_processed_electronic,
         coalesce(d.in_completed_unrecorded, 0) AS in_completed_unrecorded,
         coalesce(p.paper_to_office, 0) AS paper_to_office,
         round(cds_rate(s.out_electronic, s.out_total), 4) AS sent_electronic_rate,
         round(cds_rate(s.out_signed, s.out_total), 4) AS signed_rate,
         round(cds_rate(s.in_on_time, s.in_on_time + s.in_late), 4) AS on_time_rate,
         round(cds_rate(coalesce(d.in_electronic, 0), coalesce(d.in_total, 0) + CASE WHEN $rule::VARCHAR = 'count_against' THEN s.as_in ELSE 0 END), 4) AS received_electronic_rate,
         round(cds_rate(coalesce(d.in_processed_electronic, 0), coalesce(d.in_completed, 0) + CASE WHEN $rule::VARCHAR = 'count_against' THEN s.as_completed ELSE 0 END), 4) AS processed_electronic_rate,
         round(cds_rate(coalesce(d.in_processed_electronic, 0), coalesce(d.in_completed, 0) + CASE WHEN $rule::VARCHAR = 'count_against' THEN s.as_completed ELSE 0 END + coalesce(d.in_completed_unrecorded, 0)), 4) AS scored_processed_rate
  FROM counted s
  LEFT JOIN directive_sums d USING (which, code)
  LEFT JOIN paper p USING (which, code)
), scored AS (
  SELECT *, cds_score(
           [sent_electronic_rate, signed_rate, on_time_rate, received_electronic_rate, scored_processed_rate],
           [$w_sent::DOUBLE, $w_signed::DOUBLE, $w_on_time::DOUBLE, $w_received::DOUBLE, $w_processed::DOUBLE],
           [$t_sent::DOUBLE, $t_signed::DOUBLE, $t_on_time::DOUBLE, $t_received::DOUBLE, $t_processed::DOUBLE],
           [$b_sent::DOUBLE, $b_signed::DOUBLE, $b_on_time::DOUBLE, $b_received::DOUBLE, $b_processed::DOUBLE],
           [(out_total - out_electronic)::DOUBLE, (out_total - out_signed)::DOUBLE, in_late::DOUBLE, paper_to_office::DOUBLE],
           [$p_not_electronic::DOUBLE, $p_not_signed::DOUBLE, $p_late::DOUBLE, $p_paper_to_office::DOUBLE]) AS score
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
  c.as_out::DOUBLE AS quarantined_as_out, c.as_late::DOUBLE AS quarantined_as_late, c.as_in::DOUBLE AS quarantined_as_in, c.as_completed::DOUBLE AS quarantined_as_completed,
  c.in_total::DOUBLE AS in_total, c.in_electronic::DOUBLE AS in_electronic, c.received_electronic_rate,
  c.in_completed::DOUBLE AS in_completed, c.in_processed_electronic::DOUBLE AS in_processed_electronic,
  c.in_completed_unrecorded::DOUBLE AS in_completed_unrecorded, c.processed_electronic_rate,
  c.paper_to_office::DOUBLE AS paper_to_office,
  c.unranked_reason
FROM ranked c
JOIN ranked p ON p.code = c.code AND p.which = 'previous'
JOIN unit_versions u ON u.code = c.code AND $to::DATE BETWEEN u.valid_from AND u.valid_to
WHERE c.which = 'current'
ORDER BY c.rank NULLS LAST, c.unranked_reason = 'no_data', c.code;
