INSERT INTO team_units VALUES ($team_id, $unit_code);
