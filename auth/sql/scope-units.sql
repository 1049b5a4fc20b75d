-- The units whose documents an account may see: an inspector's team's units and the
-- communes of its districts; a unit account's unit and, for a district, its communes.
SELECT u.code
FROM units u
WHERE ($team_id::INTEGER IS NOT NULL AND (
        u.code IN (SELECT unit_code FROM team_units WHERE team_id = $team_id::INTEGER)
        OR u.parent_code IN (SELECT unit_code FROM team_units WHERE team_id = $team_id::INTEGER)))
   OR ($unit_code::VARCHAR IS NOT NULL AND (u.code = $unit_code::VARCHAR OR (u.parent_code = $unit_code::VARCHAR AND u.level = 'commune')));
