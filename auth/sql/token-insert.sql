INSERT INTO api_tokens VALUES ($token_id, $username, $token_hash, $label::VARCHAR, now(), NULL, NULL);
