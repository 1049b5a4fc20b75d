SELECT t.token_hash, u.username, u.role, u.team_id, u.unit_code
FROM api_tokens t JOIN users u USING (username)
WHERE t.token_id = $token_id AND t.revoked_at IS NULL;
