SELECT s.csrf_token, u.username, u.role, u.team_id, u.unit_code, (epoch(s.expires_at) * 1000)::DOUBLE AS expires_ms
FROM sessions s JOIN users u USING (username)
WHERE s.id_hash = $id_hash AND s.expires_at > now();
