-- The incremental build (analytics/build.ts, buildModelsIncremental) of the runs
-- $first_run .. $last_run, step 1: what those runs changed, as the marts see documents
-- (stg_documents_of; each mart's macro joins the registry itself). Each mart then adds to
-- its rows the difference between the two sets below, computed by the mart's own
-- definition (its *_of macro), so that the build reads what the runs changed and not the warehouse:
--   build_set       the versions those runs set that are current now (documents by run_id);
--   build_replaced  the versions that were current at the last build and that those runs
--                   replaced (document_history by superseded_by_run, set before the range).
-- A document changed twice in the range leaves a middle version in document_history, set
-- and replaced inside the range: it is in neither set, as it is in neither state. Documents
-- leave `documents` only by being replaced (ingest/sql/merge-apply.sql writes the replaced
-- version to document_history first; nothing else deletes them), so the two sets are the
-- whole change. run_id and superseded_by_run grow with the load order, so both filters skip
-- most of the tables by their zone maps.
-- (Only the columns stg_documents_of reads are copied: the rest, the notes above all, were
-- most of the copy's cost. A column it comes to read fails here, loudly, and the build
-- falls back to a full one until it is added.)
CREATE OR REPLACE TEMP TABLE build_set_rows AS
SELECT unit_code, doc_id, direction, event_date, security, channel, signed, deadline, completed_date, sender, processed_electronic
FROM documents WHERE run_id BETWEEN $first_run AND $last_run;

CREATE OR REPLACE TEMP TABLE build_replaced_rows AS
SELECT unit_code, doc_id, direction, event_date, security, channel, signed, deadline, completed_date, sender, processed_electronic
FROM document_history
WHERE superseded_by_run BETWEEN $first_run AND $last_run AND run_id < $first_run;

CREATE OR REPLACE TEMP TABLE build_set AS
SELECT * FROM stg_documents_of('build_set_rows');

CREATE OR REPLACE TEMP TABLE build_replaced AS
SELECT * FROM stg_documents_of('build_replaced_rows');
