SELECT count(*)::INTEGER AS total
FROM quarantine q
WHERE ($run::BIGINT IS NULL OR q.run_id = $run::BIGINT) AND ($source::VARCHAR IS NULL OR q.source_id = $source::VARCHAR);
