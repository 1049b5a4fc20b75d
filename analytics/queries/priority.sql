-- An inspection team's units ($units) in the order to check them: how far each is from the
-- 100 % target, weighted by how many documents that is.
--   violating_documents  the unit's documents that pull a rate down in the period (outgoing
--                        on paper or unsigned, incoming late as of $as_of: the rule of
--                        /api/violations and the work list, cds_violation_reasons), each
--                        counted once however many reasons it has;
--   score                the mean of the unit's rates that have data, rates and score
--                        rounded to 4 decimals (as the ranking's score), NULL without any;
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
    coalesce(v.documents, 0)::DOUBLE AS violating_documents
  FROM units u
  JOIN unit_counts($from::DATE, $to::DATE, $as_of::DATE, CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END) c USING (unit_code)
  LEFT JOIN violating v USING (unit_code)
), scored AS (
  SELECT *, round(list_avg(list_filter([round(sent_electronic_rate, 4), round(signed_rate, 4), round(on_time_rate, 4)], x -> x IS NOT NULL)), 4) AS score
  FROM rated
), flagged AS (
  SELECT *, coalesce(score < $score_below::DOUBLE, false) OR violating_documents >= $documents_from::DOUBLE AS needs_check
  FROM scored
)
SELECT *,
       row_number() OVER (ORDER BY needs_check DESC, violating_documents DESC, score ASC NULLS LAST, code)::INTEGER AS priority
FROM flagged
ORDER BY priority;
