INSERT INTO users VALUES ($username, $password_hash, $role, $team_id::INTEGER, $unit_code::VARCHAR, now());
