-- documents.key_hash: DuckDB's 64-bit hash(unit_code, doc_id) of each document, stored when
-- the load inserts it (the hash the load already computes for every row it reads: staged.h
-- in ingest/sql/normalise.sql). The two lookups of a run's keys among every document, the
-- load's (ingest/sql/merge-classify.sql: which documents the run updates) and the
-- incremental build's duplicate check (documents_unique_key), scan this one fixed-width
-- column instead of the two key strings and hashing them (issue 19: 10 M documents, 20 k
-- keys looked up, 0.28 CPU-s by doc_id against 0.11 by key_hash; the load's lookup with
-- whole rows 0.61 against 0.43). Both then compare the keys themselves, so a collision of
-- two different keys changes nothing.
--
-- DuckDB does not promise that hash() stays the same from one version to the next, and a
-- stored value that is not hash(unit_code, doc_id) would make the load miss the document a
-- row updates and insert a second copy. So every opening of the warehouse compares each
-- document's key_hash with the running DuckDB's hash of its key and computes the ones that
-- differ again before anything reads them (warehouse/key-hash.ts; 10 M documents: about
-- 0.25 CPU-s), and records it in key_hash_refreshes, after which the next full build checks
-- every document again (analytics/sql/documents-checked.sql): a document that a stale hash
-- let in twice is then found by documents_unique_key, which hashes every key afresh.
-- (NOT NULL is migration 025: DuckDB does not set it in the transaction that filled it.)
ALTER TABLE documents ADD COLUMN key_hash UBIGINT;
UPDATE documents SET key_hash = hash(unit_code, doc_id);

CREATE TABLE key_hash_refreshes (
  refreshed_at TIMESTAMPTZ NOT NULL,
  -- the documents whose key_hash was computed again
  documents    BIGINT NOT NULL
);
