-- Per level: its milestone, its units, the units at 100 % on both outgoing rates since the
-- milestone (and those with no outgoing document since), and the pooled figures of the
-- required phase (from the milestone to as_of) and of the baseline (before the milestone).
WITH phases AS (
  SELECT 'required' AS phase, u.level, c.* FROM unit_counts(DATE '1900-01-01', DATE '9999-12-31', $as_of::DATE, 'required') c JOIN stg_units u USING (unit_code)
  UNION ALL
  SELECT 'baseline', u.level, c.* FROM unit_counts(DATE '1900-01-01', DATE '9999-12-31', $as_of::DATE, 'baseline') c JOIN stg_units u USING (unit_code)
), pooled AS (
  SELECT level, phase,
         count(*) AS units,
         count(*) FILTER (WHERE out_total > 0 AND out_electronic = out_total AND out_signed = out_total) AS units_full_compliance,
         count(*) FILTER (WHERE out_total = 0) AS units_without_outgoing,
         sum(out_total) AS out_total, sum(out_electronic) AS out_electronic, sum(out_signed) AS out_signed,
         sum(in_on_time) AS in_on_time, sum(in_late) AS in_late, sum(in_pending) AS in_pending,
         sum(secret_excluded) AS secret_excluded
  FROM phases GROUP BY ALL
)
SELECT
  m.level, strftime(m.milestone, '%Y-%m-%d') AS milestone, (m.milestone > $as_of::DATE) AS not_yet_due,
  r.units::INTEGER AS units,
  r.units_full_compliance::INTEGER AS units_full_compliance,
  r.units_without_outgoing::INTEGER AS units_without_outgoing,
  p.phase,
  p.out_total::DOUBLE AS out_total, p.out_electronic::DOUBLE AS out_electronic, p.out_signed::DOUBLE AS out_signed,
  p.in_on_time::DOUBLE AS in_on_time, p.in_late::DOUBLE AS in_late, p.in_pending::DOUBLE AS in_pending,
  p.secret_excluded::DOUBLE AS secret_excluded,
  cds_rate(p.out_electronic, p.out_total) AS sent_electronic_rate,
  cds_rate(p.out_signed, p.out_total) AS signed_rate,
  cds_rate(p.in_on_time, p.in_on_time + p.in_late) AS on_time_rate
FROM milestones m
JOIN pooled r ON r.level = m.level AND r.phase = 'required'
JOIN pooled p ON p.level = m.level
ORDER BY CASE m.level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, p.phase DESC;
