-- Run-scoped tests (`-- scope: run`, see dataTests in analytics/build.ts) check the keys the runs
-- changed (int_run_keys): the only rows an incremental build rewrites.
-- The unique keys of the marts fed by the documents are checked in incremental builds only
-- (the runs' keys, first_run 1 or more): an incremental build adds to existing rows, and a
-- wrong step there could leave two rows of one key. A full build writes each of those marts
-- by a GROUP BY of its key, joined to the registry once per unit (units.code and
-- milestones.level are primary keys), so its keys are unique by construction and the
-- constant `$first_run >= 1` (0 in a full build: every run) makes DuckDB drop the check
-- there: at 10 M documents it cost 0.9 CPU-seconds, a GROUP BY or a sort of millions of
-- rows that cannot find anything.

-- test: fct_unit_day_unique_key
-- scope: run
SELECT unit_code, event_date, is_baseline
FROM fct_unit_day
WHERE $first_run >= 1 AND (unit_code, event_date) IN (SELECT unit_code, event_date FROM int_run_keys($first_run, $last_run))
GROUP BY ALL HAVING count(*) > 1;

-- test: fct_unit_day_counts_bounded
-- Every count within its bounds, and every row counts a document (out_total, secret or
-- in_total: an incremental build deletes a row whose counts its changes took to zero).
SELECT * FROM fct_unit_day
WHERE out_total < 0 OR out_electronic NOT BETWEEN 0 AND out_total OR out_signed NOT BETWEEN 0 AND out_total OR secret < 0
   OR in_total < 0 OR in_electronic NOT BETWEEN 0 AND in_total OR out_total + secret + in_total < 1;

-- test: marts_counts_positive
-- Every row of the marts keyed finer than the day counts at least one document: a full
-- build groups documents, and an incremental build adds what the runs changed to the rows
-- and deletes those that reach zero (models/incremental/), so a count below one is a change
-- subtracted where it was never counted. Nearly free: the row groups' minimum of n answers
-- the filter without reading them.
SELECT 'fct_unit_day_incoming' AS mart, unit_code, event_date, n FROM fct_unit_day_incoming WHERE n < 1
UNION ALL
SELECT 'fct_unit_day_processed', unit_code, event_date, n FROM fct_unit_day_processed WHERE n < 1
UNION ALL
SELECT 'fct_unit_day_paper_from', unit_code, event_date, n FROM fct_unit_day_paper_from WHERE n < 1;

-- test: marts_reconcile_with_documents
-- scope: full
-- Two checks of the figures against the documents, from one scan of them (grouped by the
-- few combinations of the values the checks read: cheaper than evaluating every condition
-- on every row). A row here is a check that fails, with every total of both sides:
--   marts            every document is counted once, where it belongs: the documents'
--                    totals against the sums of every mart they feed (fct_unit_day, the
--                    incoming documents split by where they stand at the end of time: the
--                    rule of rules.sql on the mart's rows, the documents' dates on theirs;
--                    received, processed and on paper: the totals of
--                    marts_match_document_totals, which each of those marts' tests used
--                    to count in a pass of its own);
--   province_pooled  the province's pooled counts as the API serves them (unit_counts
--                    pooled over area 38, as rates-areas.sql does; the required phase, as
--                    of today), recomputed by a second path: plain SQL over the documents,
--                    the units and the milestones, through neither the marts, the staging
--                    views nor the rules macros. A mismatch is a wrong figure: the build
--                    fails and publishes nothing.
-- In full builds only (the join of every document to its milestone is most of its cost).
-- An incremental build relies on marts_match_document_totals (run in every build), the same
-- totals without the join, against the documents' totals its loads kept; what it leaves to
-- this test it cannot break:
--   - the second path checks unit_counts, area_units and the rules macros, the units and
--     the milestones: an incremental build changes none of them (it follows only a full
--     build with the same model SQL, units and milestones, see buildModelsIncremental);
--   - it sees the marts only through the province's totals in the required phase up to
--     today. An incremental build writes mart rows only by adding the marts' own rows
--     (their *_of macros over stg_documents_of, the same as a full build's) of the
--     versions the runs set and subtracting those of the versions they replaced, keyed by
--     the same unit, day and phase; a document counted on a wrong key would show in the
--     all-time totals (marts_match_document_totals: counted twice or lost), in a count
--     below zero (fct_unit_day_counts_bounded, marts_counts_positive), or in the comparison
--     of the incremental marts with a full rebuild, row for row (analytics/build.test.ts,
--     bench/models.ts), which is what guards that arithmetic;
--   - a mart that drifted outside any build is caught by the totals when a count is lost
--     or added, and by this test at the next full build (every start) otherwise: an
--     incremental build does not repair a key it did not touch (the rebuild from every
--     document does).
WITH counted AS MATERIALIZED (
  SELECT d.direction, d.security, d.channel, d.signed, d.processed_electronic,
         d.sender IS NOT NULL AS has_sender,
         d.completed_date IS NULL AS open,
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
  -- each document's milestone by one join to the units with theirs (600-odd rows), not a
  -- join to the units and another to the milestones: the second join's probe carried every
  -- column of 10 M rows again (2.5 → 2.0 CPU-seconds at 10 M documents)
  FROM documents d
  LEFT JOIN (SELECT u.code, m.milestone FROM units u JOIN milestones m ON m.level = u.level) m ON m.code = d.unit_code
  GROUP BY ALL
), raw AS (
  SELECT coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal'), 0) AS out_total,
         coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal' AND channel IN ('electronic', 'both')), 0) AS out_electronic,
         coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal' AND signed), 0) AS out_signed,
         coalesce(sum(n) FILTER (WHERE security <> 'normal'), 0) AS secret,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND on_time), 0) AS on_time,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND late), 0) AS late,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND pending), 0) AS pending,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal'), 0) AS in_total,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND channel IN ('electronic', 'both')), 0) AS in_electronic,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND NOT open AND processed_electronic), 0) AS processed_yes,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND NOT open AND NOT processed_electronic), 0) AS processed_no,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND NOT open AND processed_electronic IS NULL), 0) AS processed_unrecorded,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND channel = 'paper'), 0) AS paper,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND channel = 'paper' AND has_sender), 0) AS paper_sender_recorded
  FROM counted
), marts AS (
  SELECT * FROM (
    SELECT coalesce(sum(out_total), 0) AS out_total, coalesce(sum(out_electronic), 0) AS out_electronic,
           coalesce(sum(out_signed), 0) AS out_signed, coalesce(sum(secret), 0) AS secret,
           coalesce(sum(in_total), 0) AS unit_day_in_total, coalesce(sum(in_electronic), 0) AS unit_day_in_electronic
    FROM fct_unit_day
  ), (
    SELECT coalesce(sum(n) FILTER (WHERE status = 'on_time'), 0) AS on_time, coalesce(sum(n) FILTER (WHERE status = 'late'), 0) AS late,
           coalesce(sum(n) FILTER (WHERE status = 'pending'), 0) AS pending
    FROM (
      SELECT n, cds_in_status_decided(decided_on, on_time, DATE '2100-01-01') AS status
      FROM (SELECT decided_on, on_time, sum(n) AS n FROM fct_unit_day_incoming GROUP BY ALL)
    )
  ), (
    SELECT coalesce(sum(in_total), 0) AS in_total, coalesce(sum(in_electronic), 0) AS in_electronic FROM fct_unit_day_received
  ), (
    SELECT coalesce(sum(n) FILTER (WHERE processed_electronic), 0) AS processed_yes,
           coalesce(sum(n) FILTER (WHERE NOT processed_electronic), 0) AS processed_no,
           coalesce(sum(n) FILTER (WHERE processed_electronic IS NULL), 0) AS processed_unrecorded
    FROM fct_unit_day_processed
  ), (
    SELECT coalesce(sum(n), 0) AS paper, coalesce(sum(n) FILTER (WHERE sender_recorded), 0) AS paper_sender_recorded
    FROM fct_unit_day_paper_from
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
   OR r.in_total <> m.unit_day_in_total OR r.in_electronic <> m.unit_day_in_electronic OR r.in_total <> m.in_total OR r.in_electronic <> m.in_electronic
   OR r.processed_yes <> m.processed_yes OR r.processed_no <> m.processed_no OR r.processed_unrecorded <> m.processed_unrecorded
   OR r.paper <> m.paper OR r.paper_sender_recorded <> m.paper_sender_recorded
UNION ALL
SELECT 'province_pooled', to_json(r)::VARCHAR, to_json(p)::VARCHAR
FROM raw_province r, served_province p
WHERE r.out_total <> p.out_total OR r.out_electronic <> p.out_electronic OR r.out_signed <> p.out_signed OR r.secret <> p.secret
   OR r.on_time <> p.on_time OR r.late <> p.late OR r.pending <> p.pending;

-- test: marts_match_document_totals
-- The safety net of an incremental build, run in every build: every mart's totals against
-- the documents' own, so that a change the incremental build added wrongly, twice or not at
-- all shows here whatever key it touched. The documents' side is document_totals (migration
-- 020): their counts by the raw values the marts read and four flags (a few dozen rows),
-- kept by every load in its own transaction from the versions it set and replaced
-- (ingest/sql/merge-totals.sql), apart from the marts' own change (models/incremental/: per
-- build, from run_id and superseded_by_run, through the marts' macros). Counting every
-- document here instead was most of a 10 M incremental build (1.1 of 2.7 CPU-s).
-- In a full build marts_reconcile_with_documents (above) holds the same totals of the marts
-- to a pass over every document, so this test then holds document_totals to the documents:
-- a table that drifted (a document changed outside any load, a load that kept it wrongly)
-- fails the full build at the next start at the latest; the incremental builds until then
-- trust it as they trust that documents change only through loads (see dataTests in
-- analytics/build.ts). The heavier reconciliations (marts_reconcile_with_documents,
-- paper_from_reconcile_with_documents, which join the registry) run in full builds only.
-- A row here is a mart whose totals differ, with both sides.
WITH grouped AS (
  SELECT direction, security, channel, signed, processed_electronic, has_sender, open, due, in_time, n
  FROM document_totals
), documents_side AS (
  SELECT coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal'), 0) AS out_total,
         coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal' AND channel IN ('electronic', 'both')), 0) AS out_electronic,
         coalesce(sum(n) FILTER (WHERE direction = 'out' AND security = 'normal' AND signed), 0) AS out_signed,
         coalesce(sum(n) FILTER (WHERE security <> 'normal'), 0) AS secret,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal'), 0) AS in_total,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND channel IN ('electronic', 'both')), 0) AS in_electronic,
         -- the end of time: completed by the deadline, completed after it or still open past it, open before it
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND in_time), 0) AS on_time,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND (NOT in_time OR (open AND due))), 0) AS late,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND open AND NOT due), 0) AS pending,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND NOT open AND processed_electronic), 0) AS processed_yes,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND NOT open AND NOT processed_electronic), 0) AS processed_no,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND NOT open AND processed_electronic IS NULL), 0) AS processed_unrecorded,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND channel = 'paper'), 0) AS paper,
         coalesce(sum(n) FILTER (WHERE direction = 'in' AND security = 'normal' AND channel = 'paper' AND has_sender), 0) AS paper_sender_recorded
  FROM grouped
), unit_day AS (
  SELECT coalesce(sum(out_total), 0) AS out_total, coalesce(sum(out_electronic), 0) AS out_electronic,
         coalesce(sum(out_signed), 0) AS out_signed, coalesce(sum(secret), 0) AS secret,
         coalesce(sum(in_total), 0) AS in_total, coalesce(sum(in_electronic), 0) AS in_electronic
  FROM fct_unit_day
), received AS (
  SELECT coalesce(sum(in_total), 0) AS in_total, coalesce(sum(in_electronic), 0) AS in_electronic FROM fct_unit_day_received
), incoming AS (
  SELECT coalesce(sum(n) FILTER (WHERE status = 'on_time'), 0) AS on_time, coalesce(sum(n) FILTER (WHERE status = 'late'), 0) AS late,
         coalesce(sum(n) FILTER (WHERE status = 'pending'), 0) AS pending
  FROM (
    SELECT n, cds_in_status_decided(decided_on, on_time, DATE '2100-01-01') AS status
    FROM (SELECT decided_on, on_time, sum(n) AS n FROM fct_unit_day_incoming GROUP BY ALL)
  )
), processed AS (
  SELECT coalesce(sum(n) FILTER (WHERE processed_electronic), 0) AS processed_yes,
         coalesce(sum(n) FILTER (WHERE NOT processed_electronic), 0) AS processed_no,
         coalesce(sum(n) FILTER (WHERE processed_electronic IS NULL), 0) AS processed_unrecorded
  FROM fct_unit_day_processed
), paper_from AS (
  SELECT coalesce(sum(n), 0) AS paper, coalesce(sum(n) FILTER (WHERE sender_recorded), 0) AS paper_sender_recorded
  FROM fct_unit_day_paper_from
), compared AS (
  SELECT 'fct_unit_day' AS mart, to_json({'out_total': d.out_total, 'out_electronic': d.out_electronic, 'out_signed': d.out_signed, 'secret': d.secret, 'in_total': d.in_total, 'in_electronic': d.in_electronic})::VARCHAR AS documents,
         to_json(m)::VARCHAR AS figures,
         d.out_total <> m.out_total OR d.out_electronic <> m.out_electronic OR d.out_signed <> m.out_signed OR d.secret <> m.secret
           OR d.in_total <> m.in_total OR d.in_electronic <> m.in_electronic AS differs
  FROM documents_side d, unit_day m
  UNION ALL
  SELECT 'fct_unit_day_received', to_json({'in_total': d.in_total, 'in_electronic': d.in_electronic})::VARCHAR, to_json(m)::VARCHAR,
         d.in_total <> m.in_total OR d.in_electronic <> m.in_electronic
  FROM documents_side d, received m
  UNION ALL
  SELECT 'fct_unit_day_incoming', to_json({'on_time': d.on_time, 'late': d.late, 'pending': d.pending})::VARCHAR, to_json(m)::VARCHAR,
         d.on_time <> m.on_time OR d.late <> m.late OR d.pending <> m.pending
  FROM documents_side d, incoming m
  UNION ALL
  SELECT 'fct_unit_day_processed', to_json({'processed_yes': d.processed_yes, 'processed_no': d.processed_no, 'processed_unrecorded': d.processed_unrecorded})::VARCHAR, to_json(m)::VARCHAR,
         d.processed_yes <> m.processed_yes OR d.processed_no <> m.processed_no OR d.processed_unrecorded <> m.processed_unrecorded
  FROM documents_side d, processed m
  UNION ALL
  SELECT 'fct_unit_day_paper_from', to_json({'paper': d.paper, 'paper_sender_recorded': d.paper_sender_recorded})::VARCHAR, to_json(m)::VARCHAR,
         d.paper <> m.paper OR d.paper_sender_recorded <> m.paper_sender_recorded
  FROM documents_side d, paper_from m
)
SELECT mart, documents, figures FROM compared WHERE differs;
