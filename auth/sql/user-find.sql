SELECT username, password_hash, role, team_id, unit_code FROM users WHERE username = $username;
