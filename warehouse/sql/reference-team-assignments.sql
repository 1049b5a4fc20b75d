-- Replaces the teams' assignments over time ($assignments: JSON [{team_id, unit_code, valid_from, valid_to}]).
DELETE FROM team_assignments;
INSERT INTO team_assignments
SELECT * FROM (SELECT unnest(from_json($assignments::VARCHAR, '[{"team_id":"INTEGER","unit_code":"VARCHAR","valid_from":"DATE","valid_to":"DATE"}]'), recursive := true));
