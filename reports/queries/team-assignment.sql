-- The units a team checks on $as_of (team_assignments, versioned with the map: issue 17),
-- each with its level on that day, and the first day of the assignment in force.
SELECT a.unit_code AS code, v.level, strftime(a.valid_from, '%Y-%m-%d') AS assigned_from
FROM team_assignments a
JOIN unit_versions v ON v.code = a.unit_code AND $as_of::DATE BETWEEN v.valid_from AND v.valid_to
WHERE a.team_id = $team_id::INTEGER AND $as_of::DATE BETWEEN a.valid_from AND a.valid_to
ORDER BY CASE v.level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, a.unit_code;
