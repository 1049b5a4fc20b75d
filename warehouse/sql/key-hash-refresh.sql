-- Those documents' key_hash computed again by the running DuckDB (warehouse/key-hash.ts).
UPDATE documents SET key_hash = hash(unit_code, doc_id) WHERE key_hash IS DISTINCT FROM hash(unit_code, doc_id);
