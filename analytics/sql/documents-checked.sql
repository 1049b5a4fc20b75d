-- The last run whose documents the builds have checked under the data tests and the
-- registry in force now: the last build's last run, when that build had the same model and
-- test SQL ($models_hash) and the same units and milestones ($reference_hash), and no
-- schema migration was applied after it (one could have rewritten documents) nor any stored
-- key hash found stale and computed again (warehouse/key-hash.ts: a document a stale hash
-- hid from the load may be there twice). No row: the
-- documents must be checked again from the first run. A build checks the runs it brings in
-- (an incremental one) or those after this one (a full one) and records its last run only
-- when every test passed, so every run up to the row's was checked, by an unbroken line of
-- builds under the same tests: documents change only through runs (ingest/sql/merge-apply.sql
-- replaces a document by a row of the run that sets it), so what an earlier build checked
-- is as it was.
SELECT b.last_run
FROM (SELECT last_run, built_at, models_hash, reference_hash FROM model_builds ORDER BY build_id DESC LIMIT 1) b
WHERE b.models_hash = $models_hash AND b.reference_hash = $reference_hash
  AND NOT EXISTS (SELECT 1 FROM schema_migrations m WHERE m.applied_at > b.built_at)
  AND NOT EXISTS (SELECT 1 FROM key_hash_refreshes r WHERE r.refreshed_at > b.built_at);
