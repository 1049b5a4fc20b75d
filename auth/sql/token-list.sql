SELECT token_id, username, label, cds_iso(created_at) AS created_at, cds_iso(last_used_at) AS last_used_at, cds_iso(revoked_at) AS revoked_at
FROM api_tokens
WHERE $username::VARCHAR IS NULL OR username = $username::VARCHAR
ORDER BY created_at;
