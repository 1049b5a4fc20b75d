-- The next run's id, read inside the transaction that writes it (loads take the write lock).
SELECT (coalesce(max(run_id), 0) + 1)::BIGINT AS id FROM ingest_runs;
