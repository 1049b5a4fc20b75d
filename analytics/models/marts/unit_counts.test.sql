-- The unit_counts macros are the models' own logic over the marts: an incremental build,
-- which follows only a full build with the same models (see analytics/build.ts), cannot
-- change them, and each call costs a pass over the whole marts, so this runs in full
-- builds (`-- scope: full`). What an incremental build can change, the marts' rows, is
-- checked in every build by the marts' own tests, marts_match_document_totals in an
-- incremental build and marts_reconcile_with_documents in a full one (fct_unit_day.test.sql)
-- and, for the keys it changed, the run-scoped unique keys.

-- test: unit_counts_consistent
-- scope: full
-- Four rules in one statement, so that each call of the macro is made once (a call is a
-- pass over the marts: most of a full build's tests at 10 M documents). A row here is a
-- rule broken, with what breaks it:
--   one_row_per_unit         every unit of the registry, once
--   rates_within_bounds      every rate in [0, 1]
--   reconcile_with_marts     with everything in scope and an as_of after every date, the
--                            counts are the marts' totals (which marts_reconcile_with_documents
--                            ties to the documents): every row counted once
--   phases_add_up            required + baseline = all
-- (Three calls, all as of the end of time: the figures as of today are checked against the
-- documents in every full build by marts_reconcile_with_documents, province_pooled; a fourth call
-- as of today here cost a tenth of a full build at 1 M documents.)
WITH at_end AS MATERIALIZED (
  FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'all')
), today AS (
  FROM at_end
), phase_totals AS (
  SELECT (SELECT sum(out_total + in_on_time + in_late + in_pending + secret_excluded) FROM at_end) AS all_phases,
         (SELECT sum(out_total + in_on_time + in_late + in_pending + secret_excluded) FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'required')) AS required,
         (SELECT sum(out_total + in_on_time + in_late + in_pending + secret_excluded) FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'baseline')) AS baseline
), counts AS (
  SELECT sum(out_total) AS out_total, sum(out_electronic) AS out_electronic, sum(out_signed) AS out_signed,
         sum(in_on_time) AS on_time, sum(in_late) AS late, sum(in_pending) AS pending, sum(secret_excluded) AS secret
  FROM at_end
), marts AS (
  SELECT * FROM (
    SELECT coalesce(sum(out_total), 0) AS out_total, coalesce(sum(out_electronic), 0) AS out_electronic,
           coalesce(sum(out_signed), 0) AS out_signed, coalesce(sum(secret), 0) AS secret
    FROM fct_unit_day
  ), (
    SELECT coalesce(sum(n) FILTER (WHERE status = 'on_time'), 0) AS on_time, coalesce(sum(n) FILTER (WHERE status = 'late'), 0) AS late,
           coalesce(sum(n) FILTER (WHERE status = 'pending'), 0) AS pending
    FROM (
      SELECT n, cds_in_status_decided(decided_on, on_time, DATE '2100-01-01') AS status
      FROM (SELECT decided_on, on_time, sum(n) AS n FROM fct_unit_day_incoming GROUP BY ALL)
    )
  )
)
SELECT 'one_row_per_unit' AS rule, to_json(x)::VARCHAR AS detail
FROM (SELECT count(*) AS n, count(DISTINCT unit_code) AS d, (SELECT count(*) FROM units) AS units FROM at_end) x
WHERE n <> d OR n <> units
UNION ALL
SELECT 'rates_within_bounds', to_json(t)::VARCHAR FROM today t
WHERE NOT (coalesce(cds_rate(out_electronic, out_total), 0) BETWEEN 0 AND 1
       AND coalesce(cds_rate(out_signed, out_total), 0) BETWEEN 0 AND 1
       AND coalesce(cds_rate(in_on_time, in_on_time + in_late), 0) BETWEEN 0 AND 1)
UNION ALL
SELECT 'reconcile_with_marts', to_json({'unit_counts': c, 'marts': m})::VARCHAR FROM counts c, marts m
WHERE c.out_total <> m.out_total OR c.out_electronic <> m.out_electronic OR c.out_signed <> m.out_signed OR c.secret <> m.secret
   OR c.on_time <> m.on_time OR c.late <> m.late OR c.pending <> m.pending
UNION ALL
SELECT 'phases_add_up', to_json(p)::VARCHAR FROM phase_totals p
WHERE all_phases <> required + baseline;
