-- A unit's lineage: each version of $code (oldest first) with the units it was formed from
-- (predecessors: units that ended the day before it started and went into it) and the units
-- it went into when it ended (successors), each with its name on that day and whether it is
-- the main successor, the one that takes the history. A version that only continues the
-- same unit (renamed, moved, retyped) is not a successor: it is the next version.
WITH versions AS (
  SELECT * FROM unit_versions WHERE code = $code::VARCHAR
), named AS (
  SELECT s.*, p.name AS successor_name, o.name AS predecessor_name
  FROM unit_successors s
  LEFT JOIN unit_versions p ON p.code = s.successor_code AND s.valid_to + 1 BETWEEN p.valid_from AND p.valid_to
  LEFT JOIN unit_versions o ON o.code = s.code AND s.valid_to BETWEEN o.valid_from AND o.valid_to
  WHERE NOT s.same_unit
)
SELECT
  v.code, v.name, v.short_name, v.level, v.kind, v.parent_code,
  CASE WHEN v.valid_from > DATE '1900-01-01' THEN strftime(v.valid_from, '%Y-%m-%d') END AS valid_from,
  CASE WHEN v.valid_to < DATE '9999-12-31' THEN strftime(v.valid_to, '%Y-%m-%d') END AS valid_to,
  v.lat, v.lon,
  coalesce((SELECT list({'code': n.code, 'name': n.predecessor_name, 'main': n.is_main} ORDER BY n.code) FROM named n
            WHERE n.successor_code = v.code AND n.valid_to + 1 = v.valid_from), []) AS predecessors,
  coalesce((SELECT list({'code': n.successor_code, 'name': n.successor_name, 'main': n.is_main} ORDER BY n.is_main DESC, n.successor_code) FROM named n
            WHERE n.code = v.code AND n.valid_to = v.valid_to), []) AS successors
FROM versions v
ORDER BY v.valid_from;
