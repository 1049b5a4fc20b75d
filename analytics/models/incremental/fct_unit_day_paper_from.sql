-- Incremental build: fct_unit_day_paper_from (marts/paper_sent_to_office.sql), keyed by the
-- receiving unit and day as the other marts, plus what the runs changed, as
-- fct_unit_day_incoming (fct_unit_day_incoming.sql here). The sender's unit and milestone
-- come from the registry, which an incremental build does not change (a change forces a
-- full build), so a replaced version's row is the one the mart holds for it.
CREATE OR REPLACE TEMP TABLE build_paper_from_delta AS
SELECT unit_code, event_date, is_baseline, sender_code, sender_recorded, sender_due, sum(n)::INTEGER AS n
FROM (
  SELECT unit_code, event_date, is_baseline, sender_code, sender_recorded, sender_due, n FROM fct_unit_day_paper_from_of('build_set')
  UNION ALL
  SELECT unit_code, event_date, is_baseline, sender_code, sender_recorded, sender_due, -n FROM fct_unit_day_paper_from_of('build_replaced')
)
GROUP BY unit_code, event_date, is_baseline, sender_code, sender_recorded, sender_due
HAVING sum(n) <> 0;

-- The keys' rows as they are (one pass over the mart, which keeps their row ids) plus the
-- change, then those rows replaced by the sums (a DELETE by row id, which reads no column,
-- and an INSERT: an UPDATE of rows spread over the whole mart, as MERGE does, made the
-- commit rewrite the mart); a row whose counts are all zero is not inserted.
CREATE OR REPLACE TEMP TABLE build_paper_from_touched AS
SELECT f.rowid AS row_id, f.* FROM fct_unit_day_paper_from f SEMI JOIN build_paper_from_delta d ON f.unit_code = d.unit_code AND f.event_date = d.event_date AND f.is_baseline IS NOT DISTINCT FROM d.is_baseline AND f.sender_code IS NOT DISTINCT FROM d.sender_code AND f.sender_recorded IS NOT DISTINCT FROM d.sender_recorded AND f.sender_due IS NOT DISTINCT FROM d.sender_due;

CREATE OR REPLACE TEMP TABLE build_paper_from_merged AS
SELECT unit_code, event_date, is_baseline, sender_code, sender_recorded, sender_due, sum(n)::INTEGER AS n
FROM (
  SELECT * EXCLUDE (row_id) FROM build_paper_from_touched
  UNION ALL BY NAME
  SELECT * FROM build_paper_from_delta
)
GROUP BY unit_code, event_date, is_baseline, sender_code, sender_recorded, sender_due;

DELETE FROM fct_unit_day_paper_from WHERE rowid IN (SELECT row_id FROM build_paper_from_touched);

INSERT INTO fct_unit_day_paper_from BY NAME SELECT * FROM build_paper_from_merged WHERE NOT (n = 0);
