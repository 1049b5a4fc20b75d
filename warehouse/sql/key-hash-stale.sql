-- The documents whose stored key_hash (migration 024) is not the running DuckDB's hash of
-- their key: none, unless this DuckDB hashes otherwise than the one that stored them (or a
-- document was changed outside any load).
SELECT count(*)::DOUBLE AS stale FROM documents WHERE key_hash IS DISTINCT FROM hash(unit_code, doc_id);
