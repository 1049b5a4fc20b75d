-- The counts behind every figure, per unit and calendar month of the business date, for
-- documents whose business date is in [d_from, d_to] and that exist by the end of as_of.
-- phase: 'required' (from the unit's milestone on: the default figures), 'baseline'
-- (before it) or 'all'. Incoming documents count by cds_in_status (rules.sql), through the
-- two values the incoming mart keeps of each (cds_in_status_decided).
-- Beside the counts, how complete they are: has_data (the unit has a document in scope
-- that month: every document has its day in fct_unit_day), and its open quarantined rows
-- in scope by their business day (fct_unit_day_quarantine): quarantined_rows, and of them
-- as_out, as_late, as_in and as_completed, what the count_against ranking rule adds (see fct_quarantine_rows.sql).
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
         sum(n) FILTER (WHERE cds_in_status_decided(f.decided_on, f.on_time, s.as_of) = 'on_time') AS in_on_time,
         sum(n) FILTER (WHERE cds_in_status_decided(f.decided_on, f.on_time, s.as_of) = 'late') AS in_late,
         sum(n) FILTER (WHERE cds_in_status_decided(f.decided_on, f.on_time, s.as_of) = 'pending') AS in_pending
  FROM fct_unit_day_incoming f, scope s
  WHERE f.event_date BETWEEN s.lo AND s.hi AND (s.phase = 'all' OR (s.phase = 'baseline') = f.is_baseline)
  GROUP BY ALL
), quarantined AS (
  SELECT f.unit_code, cds_month_start(f.event_date) AS month,
         sum(quarantined_rows) AS quarantined_rows, sum(as_out) AS as_out, sum(as_late) AS as_late, sum(as_in) AS as_in, sum(as_completed) AS as_completed
  FROM fct_unit_day_quarantine f, scope s
  WHERE f.unit_code IS NOT NULL AND f.event_date BETWEEN s.lo AND s.hi AND (s.phase = 'all' OR (s.phase = 'baseline') = f.is_baseline)
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
  coalesce(o.secret_excluded, 0)::BIGINT AS secret_excluded,
  o.month IS NOT NULL AS has_data,
  coalesce(q.quarantined_rows, 0)::BIGINT AS quarantined_rows,
  coalesce(q.as_out, 0)::BIGINT AS as_out,
  coalesce(q.as_late, 0)::BIGINT AS as_late,
  coalesce(q.as_in, 0)::BIGINT AS as_in,
  coalesce(q.as_completed, 0)::BIGINT AS as_completed
FROM outgoing o
FULL JOIN incoming i USING (unit_code, month)
FULL JOIN quarantined q USING (unit_code, month);

-- The same counts per unit over the whole range; every unit of the registry, with zeros
-- when it has no data. without_data: the unit is due to have documents in scope
-- (cds_unit_due) and has none at all.
CREATE OR REPLACE MACRO unit_counts(d_from, d_to, as_of, phase) AS TABLE
WITH scope AS (
  SELECT d_from::DATE AS lo, least(d_to::DATE, as_of::DATE) AS hi, phase::VARCHAR AS phase
)
SELECT
  u.unit_code,
  coalesce(sum(c.out_total), 0)::BIGINT AS out_total,
  coalesce(sum(c.out_electronic), 0)::BIGINT AS out_electronic,
  coalesce(sum(c.out_signed), 0)::BIGINT AS out_signed,
  coalesce(sum(c.in_on_time), 0)::BIGINT AS in_on_time,
  coalesce(sum(c.in_late), 0)::BIGINT AS in_late,
  coalesce(sum(c.in_pending), 0)::BIGINT AS in_pending,
  coalesce(sum(c.secret_excluded), 0)::BIGINT AS secret_excluded,
  coalesce(sum(c.quarantined_rows), 0)::BIGINT AS quarantined_rows,
  coalesce(sum(c.as_out), 0)::BIGINT AS as_out,
  coalesce(sum(c.as_late), 0)::BIGINT AS as_late,
  coalesce(sum(c.as_in), 0)::BIGINT AS as_in,
  coalesce(sum(c.as_completed), 0)::BIGINT AS as_completed,
  cds_unit_due(any_value(u.milestone), any_value(s.lo), any_value(s.hi), any_value(s.phase)) AND NOT coalesce(bool_or(c.has_data), false) AS without_data
FROM stg_units u
CROSS JOIN scope s
LEFT JOIN unit_month_counts(d_from, d_to, as_of, phase) c USING (unit_code)
GROUP BY u.unit_code;

-- The open quarantined rows of no unit of the registry (unit_code unknown or missing), per
-- month of their business day, in the same scope: they cannot be attributed to a unit, so
-- only the province (area 38) counts them.
CREATE OR REPLACE MACRO quarantine_unattributed(d_from, d_to, as_of, phase) AS TABLE
WITH scope AS (
  SELECT d_from::DATE AS lo, least(d_to::DATE, as_of::DATE) AS hi, phase::VARCHAR AS phase
)
SELECT cds_month_start(f.event_date) AS month, sum(f.quarantined_rows)::BIGINT AS quarantined_rows
FROM fct_unit_day_quarantine f, scope s
WHERE f.unit_code IS NULL
  AND f.event_date BETWEEN s.lo AND s.hi
  AND (s.phase = 'all' OR (s.phase = 'baseline') = f.is_baseline)
GROUP BY ALL;
