-- The incremental build (analytics/build.ts, buildModelsIncremental) of the runs
-- $first_run .. $last_run, step 1: the keys those runs changed (int_run_keys,
-- models/intermediate/int_run_keys.sql), and the documents of those keys as they are now,
-- as the marts see them (int_documents_scoped_of, models/intermediate/int_documents_scoped.sql).
-- Finding them reads every document; doc_id, which no mart reads, is left out because it
-- would be most of that read (a mart that comes to read it fails here, loudly, and the
-- build falls back to a full one until this is changed).
CREATE OR REPLACE TEMP TABLE build_keys AS
SELECT * FROM int_run_keys($first_run, $last_run);

CREATE OR REPLACE TEMP VIEW build_stg_documents AS
SELECT s.* EXCLUDE (doc_id) FROM stg_documents s SEMI JOIN build_keys k USING (unit_code, event_date);

CREATE OR REPLACE TEMP TABLE build_documents AS
SELECT * FROM int_documents_scoped_of('build_stg_documents');
