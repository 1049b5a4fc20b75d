INSERT INTO teams VALUES ($team_id, $name, $lead);
