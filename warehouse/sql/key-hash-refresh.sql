-- Those documents' key_hash computed again by the running DuckDB (warehouse/key-hash.ts),
-- and the refresh recorded: the next full build checks every document again
-- (analytics/sql/documents-checked.sql). $documents: how many key-hash-stale.sql counted.
UPDATE documents SET key_hash = hash(unit_code, doc_id) WHERE key_hash IS DISTINCT FROM hash(unit_code, doc_id);
INSERT INTO key_hash_refreshes VALUES (now(), $documents);
