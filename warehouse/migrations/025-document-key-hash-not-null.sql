-- documents.key_hash (migration 024) NOT NULL: a writer of documents that forgets the column
-- fails instead of storing a hash no lookup finds. A migration of its own, as DuckDB refuses
-- the constraint in the transaction whose UPDATE filled the column ("Cannot create index
-- with outstanding updates").
ALTER TABLE documents ALTER COLUMN key_hash SET NOT NULL;
