UPDATE api_tokens SET revoked_at = now() WHERE token_id = $token_id AND revoked_at IS NULL
RETURNING token_id;
