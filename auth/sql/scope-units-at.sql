-- The units whose documents an account may see in a period ($from..$to), on the map of
-- each day (issue 17): an inspector's the units assigned to its team on some day of the
-- period (team_assignments, versioned with the map) and the communes under an assigned
-- district on such a day; a unit account's its unit and, for a district, the communes under
-- it on some day of the period.
SELECT DISTINCT v.code
FROM unit_versions v
WHERE v.valid_from <= $to::DATE AND v.valid_to >= $from::DATE
  AND (($team_id::INTEGER IS NOT NULL AND EXISTS (
          SELECT 1 FROM team_assignments a
          WHERE a.team_id = $team_id::INTEGER
            AND a.valid_from <= least(v.valid_to, $to::DATE) AND a.valid_to >= greatest(v.valid_from, $from::DATE)
            AND (a.unit_code = v.code OR (v.level = 'commune' AND a.unit_code = v.parent_code))))
    OR ($unit_code::VARCHAR IS NOT NULL AND (v.code = $unit_code::VARCHAR OR (v.level = 'commune' AND v.parent_code = $unit_code::VARCHAR))));
