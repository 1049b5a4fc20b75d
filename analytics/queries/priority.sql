-- An inspection team's units ($units) in the order to check them: how far each is from the
-- 100 % target, weighted by how many documents that is.
--   violating_documents  the unit's documents that pull a rate down in the period (outgoing
--                        on paper or unsigned, incoming late as of $as_of: the rule of
--                        /api/violations and the work list, cds_violation_reasons), each
--                        counted once however many reasons it has, and for a provincial body
--                        the paper the Provincial Office ($office) logged from it after its
--                        milestone (paper_to_office);
--   score                the configured scorecard's score, as the ranking computes it
--                        (cds_score, rules.sql; the same $w_* $t_* $b_* $p_* parameters and
--                        $rule for incomplete units as ranking.sql): with the default
--                        scorecard the mean of the unit's rates that have data, rates and
--                        score rounded to 4 decimals, NULL without any. The rates shown are
--                        the unit's as computed; under count_against the score counts its
--                        open quarantined rows against it, as the ranking does;
--   needs_check          "cần kiểm tra": score below $score_below, or at least
--                        $documents_from violating documents (settings.json priority);
--   priority             1, 2, …: units that need checking first, then more violating
--                        documents first, then the lower score, units without any rate last,
--                        then by code.
-- Secret documents never count; documents before a level's milestone only with
-- $include_baseline (as every figure).
WITH listed AS (
  SELECT DISTINCT unnest($units::VARCHAR[]) AS unit_code
), units AS (
  SELECT u.unit_code, min(u.name) AS name, min(u.level) AS level, min(u.parent_code) AS parent_code, min(u.milestone) AS milestone
  FROM stg_units u JOIN listed l USING (unit_code)
  GROUP BY u.unit_code
), violating AS (
  SELECT d.unit_code, count(*) AS documents
  FROM documents d JOIN units u USING (unit_code)
  WHERE d.security = 'normal'
    AND d.event_date BETWEEN $from::DATE AND least($to::DATE, $as_of::DATE)
    AND ($include_baseline::BOOLEAN OR d.event_date >= u.milestone)
    AND len(cds_violation_reasons(d.direction, d.channel, d.signed, d.deadline, d.completed_date, $as_of::DATE)) > 0
  GROUP BY d.unit_code
), phase AS (
  SELECT CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END AS phase
), received AS (
  SELECT r.unit_code, sum(r.in_total) AS in_total, sum(r.in_electronic) AS in_electronic
  FROM unit_month_received($from::DATE, $to::DATE, $as_of::DATE, (SELECT phase FROM phase)) r JOIN units USING (unit_code)
  GROUP BY r.unit_code
), processed AS (
  SELECT x.unit_code, sum(x.in_completed) AS in_completed, sum(x.in_processed_electronic) AS in_processed_electronic,
         sum(x.in_completed_unrecorded) AS in_completed_unrecorded
  FROM unit_month_processed($from::DATE, $to::DATE, $as_of::DATE, (SELECT phase FROM phase)) x JOIN units USING (unit_code)
  GROUP BY x.unit_code
), paper AS (
  SELECT unit_code, paper_to_office FROM paper_sent_to_office($office::VARCHAR, $from::DATE, $to::DATE, $as_of::DATE)
), rated AS (
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
    c.as_in::DOUBLE AS quarantined_as_in,
    c.as_completed::DOUBLE AS quarantined_as_completed,
    (coalesce(v.documents, 0) + coalesce(o.paper_to_office, 0))::DOUBLE AS violating_documents,
    -- what the score reads: the counts under the incomplete rule, the received and processed
    -- rates (the processed one with documents whose export lacks the field as not processed)
    c.out_total + CASE WHEN $rule::VARCHAR = 'count_against' THEN c.as_out ELSE 0 END AS s_out_total,
    c.in_late + CASE WHEN $rule::VARCHAR = 'count_against' THEN c.as_late ELSE 0 END AS s_in_late,
    round(cds_rate(coalesce(r.in_electronic, 0), coalesce(r.in_total, 0) + CASE WHEN $rule::VARCHAR = 'count_against' THEN c.as_in ELSE 0 END), 4) AS s_received,
    round(cds_rate(coalesce(x.in_processed_electronic, 0), coalesce(x.in_completed, 0) + coalesce(x.in_completed_unrecorded, 0) + CASE WHEN $rule::VARCHAR = 'count_against' THEN c.as_completed ELSE 0 END), 4) AS s_processed,
    coalesce(o.paper_to_office, 0) AS s_paper_to_office
  FROM units u
  JOIN unit_counts($from::DATE, $to::DATE, $as_of::DATE, (SELECT phase FROM phase)) c USING (unit_code)
  LEFT JOIN violating v USING (unit_code)
  LEFT JOIN received r USING (unit_code)
  LEFT JOIN processed x USING (unit_code)
  LEFT JOIN paper o USING (unit_code)
), scored AS (
  SELECT * EXCLUDE (s_out_total, s_in_late, s_received, s_processed, s_paper_to_office), cds_score(
           [round(cds_rate(out_electronic, s_out_total), 4), round(cds_rate(out_signed, s_out_total), 4), round(cds_rate(in_on_time, in_on_time + s_in_late), 4), s_received, s_processed],
           [$w_sent::DOUBLE, $w_signed::DOUBLE, $w_on_time::DOUBLE, $w_received::DOUBLE, $w_processed::DOUBLE],
           [$t_sent::DOUBLE, $t_signed::DOUBLE, $t_on_time::DOUBLE, $t_received::DOUBLE, $t_processed::DOUBLE],
           [$b_sent::DOUBLE, $b_signed::DOUBLE, $b_on_time::DOUBLE, $b_received::DOUBLE, $b_processed::DOUBLE],
           [(s_out_total - out_electronic)::DOUBLE, (s_out_total - out_signed)::DOUBLE, s_in_late::DOUBLE, s_paper_to_office::DOUBLE],
           [$p_not_electronic::DOUBLE, $p_not_signed::DOUBLE, $p_late::DOUBLE, $p_paper_to_office::DOUBLE]) AS score
  FROM rated
), flagged AS (
  SELECT *, coalesce(score < $score_below::DOUBLE, false) OR violating_documents >= $documents_from::DOUBLE AS needs_check
  FROM scored
)
SELECT *,
       row_number() OVER (ORDER BY needs_check DESC, violating_documents DESC, score ASC NULLS LAST, code)::INTEGER AS priority
FROM flagged
ORDER BY priority;
