DELETE FROM sessions WHERE username = $username;
UPDATE api_tokens SET revoked_at = now() WHERE username = $username AND revoked_at IS NULL;
DELETE FROM users WHERE username = $username;
