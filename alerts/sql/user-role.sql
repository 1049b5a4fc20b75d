SELECT username, role, team_id, unit_code FROM users WHERE username = $username;
