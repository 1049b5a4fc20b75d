INSERT INTO sessions VALUES ($id_hash, $username, $csrf_token, now(), now() + to_seconds($ttl_seconds::BIGINT));
