-- Writes the write-ahead log's changes into the database file and empties the log
-- (warehouse/checkpoint.ts: in the background after a build, once the log has grown).
CHECKPOINT;
