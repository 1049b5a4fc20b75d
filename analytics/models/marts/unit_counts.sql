-- The counts behind every figure, per unit and calendar month of the business date, for
-- documents whose business date is in [d_from, d_to] and that exist by the end of as_of.
-- phase: 'required' (from the unit's milestone on: the default figures), 'baseline'
-- (before it) or 'all'. Incoming documents count by cds_in_status (rules.sql).
CREATE OR REPLACE MACRO unit_month_counts(d_from, d_to, as_of, phase) AS TABLE
WITH scope AS (
  SELECT d_from::DATE AS lo, least(d_to::DATE, as_of::DATE) AS hi, as_of::DATE AS as_of, phase::VARCHAR AS phase
), outgoing AS (
  SELECT f.unit_code, cds_month_start(f.event_date) AS month,
         sum(out_total) AS out_total, sum(out_electronic) AS out_electronic,
         sum(out_signed) AS out_signed, sum(secret) AS secret_excluded
  FROM fct_unit_day f, scope s
  WHERE f.event_date BETWEEN s.lo AND s.hi AND (s.phase = 'all' OR (s.phase = 'baseline') = f.is_baseline)
  GROUP BY ALL
), incoming AS (
  SELECT f.unit_code, cds_month_start(f.event_date) AS month,
         sum(n) FILTER (WHERE cds_in_status(f.deadline, f.completed_date, s.as_of) = 'on_time') AS in_on_time,
         sum(n) FILTER (WHERE cds_in_status(f.deadline, f.completed_date, s.as_of) = 'late') AS in_late,
         sum(n) FILTER (WHERE cds_in_status(f.deadline, f.completed_date, s.as_of) = 'pending') AS in_pending
  FROM fct_unit_day_incoming f, scope s
  WHERE f.event_date BETWEEN s.lo AND s.hi AND (s.phase = 'all' OR (s.phase = 'baseline') = f.is_baseline)
  GROUP BY ALL
)
SELECT
  unit_code, month,
  coalesce(o.out_total, 0)::BIGINT AS out_total,
  coalesce(o.out_electronic, 0)::BIGINT AS out_electronic,
  coalesce(o.out_signed, 0)::BIGINT AS out_signed,
  coalesce(i.in_on_time, 0)::BIGINT AS in_on_time,
  coalesce(i.in_late, 0)::BIGINT AS in_late,
  coalesce(i.in_pending, 0)::BIGINT AS in_pending,
  coalesce(o.secret_excluded, 0)::BIGINT AS secret_excluded
FROM outgoing o
FULL JOIN incoming i USING (unit_code, month);

-- The same counts per unit over the whole range; every unit of the registry, with zeros
-- when it has no data.
CREATE OR REPLACE MACRO unit_counts(d_from, d_to, as_of, phase) AS TABLE
SELECT
  u.unit_code,
  coalesce(sum(c.out_total), 0)::BIGINT AS out_total,
  coalesce(sum(c.out_electronic), 0)::BIGINT AS out_electronic,
  coalesce(sum(c.out_signed), 0)::BIGINT AS out_signed,
  coalesce(sum(c.in_on_time), 0)::BIGINT AS in_on_time,
  coalesce(sum(c.in_late), 0)::BIGINT AS in_late,
  coalesce(sum(c.in_pending), 0)::BIGINT AS in_pending,
  coalesce(sum(c.secret_excluded), 0)::BIGINT AS secret_excluded
FROM stg_units u
LEFT JOIN unit_month_counts(d_from, d_to, as_of, phase) c USING (unit_code)
GROUP BY u.unit_code;
