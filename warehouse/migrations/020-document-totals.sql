-- The documents' counts by the values the marts' totals read (issue 19, freshness): kept by
-- every load in its own transaction, from the versions it set and those it replaced
-- (ingest/sql/merge-totals.sql), so that the incremental build can check every mart's totals
-- against the documents' without a pass over every document (the data test
-- marts_match_document_totals, analytics/models/marts/fct_unit_day.test.sql). A full build
-- checks the marts against a pass over every document (marts_reconcile_with_documents) and
-- against this table, so a table that drifted from the documents (a document changed
-- outside any load) fails the next full build, at the latest at the next start.
-- One row per combination of values (a few dozen), never a count of zero (a count below
-- zero is a drift, left for the builds' check to report, not a reason to refuse a load):
--   has_sender  sender IS NOT NULL;  open  completed_date IS NULL;
--   due         deadline < 2100-01-01 (NULL without a deadline);
--   in_time     completed_date <= deadline (NULL when either is missing).
CREATE TABLE document_totals (
  direction            VARCHAR NOT NULL,
  security             VARCHAR NOT NULL,
  channel              VARCHAR,
  signed               BOOLEAN,
  processed_electronic BOOLEAN,
  has_sender           BOOLEAN NOT NULL,
  open                 BOOLEAN NOT NULL,
  due                  BOOLEAN,
  in_time              BOOLEAN,
  n                    BIGINT NOT NULL
);

-- the documents loaded before this migration
INSERT INTO document_totals
SELECT direction, security, channel, signed, processed_electronic,
       sender IS NOT NULL AS has_sender, completed_date IS NULL AS open,
       deadline < DATE '2100-01-01' AS due, completed_date <= deadline AS in_time,
       count(*) AS n
FROM documents
GROUP BY ALL;
