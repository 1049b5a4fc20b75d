-- A province's publication for the national roll-up (issue 19; README "National roll-up"):
-- per unit, calendar month of the business date and phase, the pooled counts behind every
-- figure, as of $as_of (the on-time rule depends on it: a publication is a snapshot), for
-- the months $from..$to, into the temp table publication_counts. Read from the models the
-- API serves (unit_counts.sql, received_electronic.sql, processed_electronic.sql), by unit
-- code as exported (a code that had ended counts under its own code; the roll-up pools every
-- unit of a province into the province, so the map does not matter there).
--   phase        'required' (from the unit's milestone) or 'baseline' (before it); the
--                figures with include_baseline are the sum of both
--   out_*, in_on_time/in_late/in_pending, secret_excluded   as unit_month_counts
--   in_total, in_electronic            as unit_month_received
--   in_completed, in_processed_electronic, in_completed_unrecorded   as unit_month_processed
--   not_electronic, not_signed, late   the violating documents (out_total − out_electronic,
--                                      out_total − out_signed, in_late)
--   quarantined_rows, quarantined_as_out, quarantined_as_late, quarantined_as_in,
--                quarantined_as_completed   its open
--                quarantined rows, and of them what count_against adds (unit_month_counts)
--                (unit_code NULL: the rows of no unit of the registry, the province's alone)
--   has_data     the unit has a document in scope that month
--   due          the unit was in force that month and due to have documents (cds_unit_due)
-- Partition columns: province ($province), year ('2025'), month ('08').
CREATE OR REPLACE TEMP TABLE publication_counts AS
WITH months AS (
  SELECT unnest(generate_series($from::DATE, $to::DATE, INTERVAL 1 MONTH))::DATE AS month_start
), phases AS (
  SELECT unnest(['required', 'baseline']) AS phase
), counts AS (
  SELECT 'required' AS phase, * FROM unit_month_counts($from::DATE, last_day($to::DATE), $as_of::DATE, 'required')
  UNION ALL BY NAME
  SELECT 'baseline' AS phase, * FROM unit_month_counts($from::DATE, last_day($to::DATE), $as_of::DATE, 'baseline')
), received AS (
  SELECT 'required' AS phase, * FROM unit_month_received($from::DATE, last_day($to::DATE), $as_of::DATE, 'required')
  UNION ALL BY NAME
  SELECT 'baseline' AS phase, * FROM unit_month_received($from::DATE, last_day($to::DATE), $as_of::DATE, 'baseline')
), processed AS (
  SELECT 'required' AS phase, * FROM unit_month_processed($from::DATE, last_day($to::DATE), $as_of::DATE, 'required')
  UNION ALL BY NAME
  SELECT 'baseline' AS phase, * FROM unit_month_processed($from::DATE, last_day($to::DATE), $as_of::DATE, 'baseline')
), unattributed AS (
  SELECT 'required' AS phase, NULL::VARCHAR AS unit_code, month, quarantined_rows
  FROM quarantine_unattributed($from::DATE, last_day($to::DATE), $as_of::DATE, 'required')
  UNION ALL
  SELECT 'baseline', NULL::VARCHAR, month, quarantined_rows
  FROM quarantine_unattributed($from::DATE, last_day($to::DATE), $as_of::DATE, 'baseline')
), in_force AS (
  -- the units of the registry in force on some day of each month (up to as_of), with the
  -- level of their last version in it
  SELECT m.month_start AS month, v.code AS unit_code, arg_max(v.level, v.valid_from) AS level
  FROM months m
  JOIN unit_versions v ON v.valid_from <= least(last_day(m.month_start), $as_of::DATE) AND v.valid_to >= m.month_start
  GROUP BY ALL
), due AS (
  SELECT i.month, i.unit_code, i.level, p.phase,
         cds_unit_due(u.milestone, i.month, least(last_day(i.month), $as_of::DATE), p.phase) AS due
  FROM in_force i CROSS JOIN phases p JOIN stg_units u ON u.unit_code = i.unit_code
), keys AS (
  SELECT month, unit_code, phase FROM due WHERE due
  UNION SELECT month, unit_code, phase FROM counts
  UNION SELECT month, unit_code, phase FROM received
  UNION SELECT month, unit_code, phase FROM processed
  UNION SELECT month, unit_code, phase FROM unattributed
)
SELECT
  $province::VARCHAR AS province, strftime(k.month, '%Y') AS year, strftime(k.month, '%m') AS month,
  k.month AS month_start, k.unit_code, coalesce(d.level, u.level) AS level, k.phase,
  coalesce(c.out_total, 0)::BIGINT AS out_total, coalesce(c.out_electronic, 0)::BIGINT AS out_electronic,
  coalesce(c.out_signed, 0)::BIGINT AS out_signed, coalesce(c.in_on_time, 0)::BIGINT AS in_on_time,
  coalesce(c.in_late, 0)::BIGINT AS in_late, coalesce(c.in_pending, 0)::BIGINT AS in_pending,
  coalesce(c.secret_excluded, 0)::BIGINT AS secret_excluded,
  coalesce(r.in_total, 0)::BIGINT AS in_total, coalesce(r.in_electronic, 0)::BIGINT AS in_electronic,
  coalesce(x.in_completed, 0)::BIGINT AS in_completed, coalesce(x.in_processed_electronic, 0)::BIGINT AS in_processed_electronic,
  coalesce(x.in_completed_unrecorded, 0)::BIGINT AS in_completed_unrecorded,
  (coalesce(c.out_total, 0) - coalesce(c.out_electronic, 0))::BIGINT AS not_electronic,
  (coalesce(c.out_total, 0) - coalesce(c.out_signed, 0))::BIGINT AS not_signed,
  coalesce(c.in_late, 0)::BIGINT AS late,
  (coalesce(c.quarantined_rows, 0) + coalesce(q.quarantined_rows, 0))::BIGINT AS quarantined_rows,
  coalesce(c.as_out, 0)::BIGINT AS quarantined_as_out, coalesce(c.as_late, 0)::BIGINT AS quarantined_as_late,
  coalesce(c.as_in, 0)::BIGINT AS quarantined_as_in,
  coalesce(c.as_completed, 0)::BIGINT AS quarantined_as_completed,
  coalesce(c.has_data, false) AS has_data,
  coalesce(d.due, false) AS due
FROM keys k
LEFT JOIN counts c ON c.unit_code IS NOT DISTINCT FROM k.unit_code AND c.month = k.month AND c.phase = k.phase
LEFT JOIN received r ON r.unit_code IS NOT DISTINCT FROM k.unit_code AND r.month = k.month AND r.phase = k.phase
LEFT JOIN processed x ON x.unit_code IS NOT DISTINCT FROM k.unit_code AND x.month = k.month AND x.phase = k.phase
LEFT JOIN unattributed q ON k.unit_code IS NULL AND q.month = k.month AND q.phase = k.phase
LEFT JOIN due d ON d.unit_code = k.unit_code AND d.month = k.month AND d.phase = k.phase
LEFT JOIN stg_units u ON u.unit_code = k.unit_code
WHERE k.month BETWEEN $from::DATE AND $to::DATE;
