SELECT username, role, team_id, unit_code, cds_iso(created_at) AS created_at FROM users ORDER BY username;
