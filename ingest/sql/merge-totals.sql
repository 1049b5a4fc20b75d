-- Keeps document_totals (migration 020) equal to the documents' counts by the values the
-- marts' totals read, inside the load's transaction, after merge-apply.sql: the versions run
-- $run_id set (documents by run_id) counted in, the versions it replaced (document_history
-- by superseded_by_run) counted out. Both found by what the run left in the tables, not by
-- how merge-classify.sql decided it, and both by run_id's zone maps (the run's rows are the
-- last ones written). The incremental build checks every mart's totals against this table
-- (marts_match_document_totals): the marts' own change (models/incremental/) is computed
-- apart from it, per build and through the marts' macros, so a change a build adds wrongly,
-- twice or not at all shows as a difference.
-- The table is a few dozen rows: it is rewritten whole.
CREATE OR REPLACE TEMP TABLE totals_next AS
SELECT direction, security, channel, signed, processed_electronic, has_sender, open, due, in_time, sum(n)::BIGINT AS n
FROM (
  SELECT direction, security, channel, signed, processed_electronic, has_sender, open, due, in_time, n FROM document_totals
  UNION ALL
  SELECT direction, security, channel, signed, processed_electronic,
         sender IS NOT NULL, completed_date IS NULL, deadline < DATE '2100-01-01', completed_date <= deadline, sign
  FROM (
    SELECT direction, security, channel, signed, processed_electronic, sender, completed_date, deadline, 1 AS sign
    FROM documents WHERE run_id = $run_id
    UNION ALL
    SELECT direction, security, channel, signed, processed_electronic, sender, completed_date, deadline, -1
    FROM document_history WHERE superseded_by_run = $run_id
  )
)
GROUP BY ALL
HAVING sum(n) <> 0;

DELETE FROM document_totals;

INSERT INTO document_totals BY NAME SELECT * FROM totals_next;
