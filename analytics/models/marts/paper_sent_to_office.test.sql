-- Data tests of paper_sent_to_office.sql (see fct_unit_day.test.sql for the scopes).

-- test: sender_units_one_unit_per_key
-- scope: full
SELECT sender_key, count(*) AS units FROM sender_units GROUP BY ALL HAVING count(*) > 1;

-- test: fct_unit_day_paper_from_unique_key
-- scope: run
SELECT * EXCLUDE (n)
FROM fct_unit_day_paper_from
WHERE $first_run >= 1 AND (unit_code, event_date) IN (SELECT unit_code, event_date FROM int_run_keys($first_run, $last_run))
GROUP BY ALL HAVING count(*) > 1;

-- test: paper_from_reconcile_with_documents
-- scope: full
-- (an incremental build checks the mart's plain totals in marts_match_document_totals,
-- fct_unit_day.test.sql, without the join)
-- Every non-secret incoming document on paper counted once, with a sender recorded or not,
-- and among those of a registry sender (by code, any case) on or after that sender's
-- milestone as the documents say: plain SQL over documents, units and milestones.
WITH raw AS (
  SELECT count(*) AS n,
         count(*) FILTER (WHERE d.sender IS NOT NULL) AS recorded,
         count(*) FILTER (WHERE u.code IS NOT NULL AND d.event_date >= m.milestone) AS by_code_due
  FROM documents d
  LEFT JOIN units u ON lower(u.code) = lower(d.sender)
  LEFT JOIN milestones m ON m.level = u.level
  WHERE d.direction = 'in' AND d.security = 'normal' AND d.channel = 'paper'
), mart AS (
  SELECT coalesce(sum(n), 0) AS n,
         coalesce(sum(n) FILTER (WHERE sender_recorded), 0) AS recorded,
         coalesce(sum(n) FILTER (WHERE sender_due AND sender_code IN (SELECT code FROM units)), 0) AS due
  FROM fct_unit_day_paper_from
)
SELECT to_json(r)::VARCHAR AS documents, to_json(m)::VARCHAR AS mart
FROM raw r, mart m
-- a sender named by its unit's name adds to the mart's due count, never to the code's
WHERE r.n <> m.n OR r.recorded <> m.recorded OR r.by_code_due > m.due;

-- test: paper_sent_to_office_bounded
-- scope: full
-- Every provincial body but the office once, whatever office is asked for; within the
-- paper the mart holds.
WITH p AS (FROM paper_sent_to_office('P01', DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01'))
SELECT 'rows' AS "check", count(*) AS n FROM p
HAVING count(*) <> (SELECT count(*) FROM stg_units WHERE level = 'province' AND unit_code <> 'P01') OR count(DISTINCT unit_code) <> count(*)
UNION ALL
SELECT 'total', sum(paper_to_office) FROM p
HAVING sum(paper_to_office) > (SELECT coalesce(sum(n), 0) FROM fct_unit_day_paper_from WHERE unit_code = 'P01' AND sender_due) OR min(paper_to_office) < 0;
