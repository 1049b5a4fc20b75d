-- Run-scoped tests (`-- scope: run`, see stg_documents.test.sql) check the keys the runs
-- changed (int_run_keys): the only rows an incremental build rewrites. When no run precedes
-- the range (a full build), the constant `$first_run <= 1` keeps the whole table and makes
-- DuckDB drop the keyed part.

-- test: fct_unit_day_unique_key
-- scope: run
SELECT unit_code, event_date, is_baseline
FROM (
  SELECT unit_code, event_date, is_baseline FROM fct_unit_day WHERE $first_run <= 1
  UNION ALL
  SELECT unit_code, event_date, is_baseline FROM fct_unit_day
  WHERE $first_run > 1 AND (unit_code, event_date) IN (SELECT unit_code, event_date FROM int_run_keys($first_run, $last_run))
)
GROUP BY ALL HAVING count(*) > 1;

-- test: fct_unit_day_counts_bounded
SELECT * FROM fct_unit_day
WHERE out_total < 0 OR out_electronic NOT BETWEEN 0 AND out_total OR out_signed NOT BETWEEN 0 AND out_total OR secret < 0;

-- test: marts_reconcile_with_documents
-- Two checks of the figures against the documents, from one scan of them (grouped by the
-- few combinations of the values the checks read: cheaper than evaluating every condition
-- on every row). Global in every build: it is what catches a key an incremental build
-- should have recomputed and did not, a completion included. A row here is a check that
-- fails, with every total of both sides:
--   marts            every document is counted once, where it belongs: the documents'
--                    totals against the sums of both marts, incoming documents split by
--                    where they stand at the end of time (the rule of rules.sql on the
--                    mart's rows, the documents' dates on theirs);
--   province_pooled  the province's pooled counts as the API serves them (unit_counts
--                    pooled over area 38, as rates-areas.sql does; the required phase, as
--                    of today), recomputed by a second path: plain SQL over the documents,
--                    the units and the milestones, through neither the marts, the staging
--                    views nor the rules macros. A mismatch is a wrong figure: the build
--                    fails and publishes nothing.
WITH counted AS MATERIALIZED (
  SELECT d.direction, d.security, d.channel, d.signed,
         d.completed_date <= d.deadline AS on_time,
         d.completed_date > d.deadline OR (d.completed_date IS NULL AND d.deadline < DATE '2100-01-01') AS late,
         d.completed_date IS NULL AND d.deadline >= DATE '2100-01-01' AS pending,
         -- the province's figure: from the unit's milestone (NULL: not a unit of the registry) to today
         d.event_date >= m.milestone AND d.event_date <= current_date AS province_scope,
         CASE WHEN d.deadline IS NULL THEN NULL
              WHEN d.completed_date <= current_date AND d.completed_date <= d.deadline THEN 'on_time'
              WHEN d.completed_date <= current_date THEN 'late'
              WHEN d.deadline < current_date THEN 'late'
              ELSE 'pending' END AS status_today,
         count(*) AS n
  FROM documents d
  LEFT JOIN units u ON u.code = d.unit_code
  LEFT JOIN milestones m ON m.level = u.level
  GROUP BY ALL
), raw AS (
  SELECT coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal'), 0) AS out_total,
         coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal' AND channel IN ('electronic', 'both')), 0) AS out_electronic,
         coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal' AND signed), 0) AS out_signed,
         coalesce(sum(n) FILTER (WHERE security <> 'normal'), 0) AS secret,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND on_time), 0) AS on_time,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND late), 0) AS late,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND pending), 0) AS pending
  FROM counted
), marts AS (
  SELECT * FROM (
    SELECT coalesce(sum(out_total), 0) AS out_total, coalesce(sum(out_electronic), 0) AS out_electronic,
           coalesce(sum(out_signed), 0) AS out_signed, coalesce(sum(secret), 0) AS secret
    FROM fct_unit_day
  ), (
    SELECT coalesce(sum(n) FILTER (WHERE status = 'on_time'), 0) AS on_time, coalesce(sum(n) FILTER (WHERE status = 'late'), 0) AS late,
           coalesce(sum(n) FILTER (WHERE status = 'pending'), 0) AS pending
    FROM (
      SELECT n, cds_in_status(deadline, completed_date, DATE '2100-01-01') AS status
      FROM (SELECT deadline, completed_date, sum(n) AS n FROM fct_unit_day_incoming GROUP BY ALL)
    )
  )
), raw_province AS (
  SELECT coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal'), 0) AS out_total,
         coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal' AND channel IN ('electronic', 'both')), 0) AS out_electronic,
         coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal' AND signed), 0) AS out_signed,
         coalesce(sum(n) FILTER (WHERE security <> 'normal'), 0) AS secret,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND status_today = 'on_time'), 0) AS on_time,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND status_today = 'late'), 0) AS late,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND status_today = 'pending'), 0) AS pending
  FROM counted
  WHERE province_scope
), served_province AS (
  SELECT coalesce(sum(c.out_total), 0) AS out_total, coalesce(sum(c.out_electronic), 0) AS out_electronic,
         coalesce(sum(c.out_signed), 0) AS out_signed, coalesce(sum(c.secret_excluded), 0) AS secret,
         coalesce(sum(c.in_on_time), 0) AS on_time, coalesce(sum(c.in_late), 0) AS late, coalesce(sum(c.in_pending), 0) AS pending
  FROM unit_counts(DATE '1900-01-01', DATE '9999-12-31', current_date, 'required') c
  JOIN area_units a ON a.unit_code = c.unit_code AND a.area = '38'
)
SELECT 'marts' AS "check", to_json(r)::VARCHAR AS documents, to_json(m)::VARCHAR AS figures
FROM raw r, marts m
WHERE r.out_total <> m.out_total OR r.out_electronic <> m.out_electronic OR r.out_signed <> m.out_signed OR r.secret <> m.secret
   OR r.on_time <> m.on_time OR r.late <> m.late OR r.pending <> m.pending
UNION ALL
SELECT 'province_pooled', to_json(r)::VARCHAR, to_json(p)::VARCHAR
FROM raw_province r, served_province p
WHERE r.out_total <> p.out_total OR r.out_electronic <> p.out_electronic OR r.out_signed <> p.out_signed OR r.secret <> p.secret
   OR r.on_time <> p.on_time OR r.late <> p.late OR r.pending <> p.pending;
