SELECT source_id, watermark, last_run_id::INTEGER AS last_run_id,
       strftime(last_success_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS last_success_at,
       strftime(last_error_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS last_error_at,
       last_error
FROM source_state
WHERE source_id = $source_id;
