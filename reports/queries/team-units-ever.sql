-- Every unit a team checks on some day (issue 17: team_assignments, versioned with the
-- map): the units of each of its assignments and the communes under an assigned district
-- while both were in force; the dashboard offers their documents, the server checks the
-- period asked for (auth/sql/scope-units-at.sql).
SELECT DISTINCT v.code
FROM unit_versions v
JOIN team_assignments a ON a.team_id = $team_id::INTEGER
  AND a.valid_from <= v.valid_to AND a.valid_to >= v.valid_from
  AND (a.unit_code = v.code OR (v.level = 'commune' AND a.unit_code = v.parent_code))
ORDER BY v.code;
