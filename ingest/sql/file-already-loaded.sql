SELECT r.run_id::INTEGER AS run_id
FROM ingest_files f JOIN ingest_runs r USING (run_id)
WHERE r.source_id = $source_id AND r.status = 'succeeded' AND f.sha256 = $sha256
ORDER BY r.run_id
LIMIT 1;
