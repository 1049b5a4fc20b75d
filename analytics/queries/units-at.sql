-- The map in force on $as_of (unit_versions): every unit with its version of that day. A
-- district's own area is itself, a commune's its parent while districts exist.
SELECT
  v.code, v.name, v.short_name, v.level, v.parent_code,
  CASE v.level WHEN 'district' THEN v.code WHEN 'commune' THEN nullif(v.parent_code, '38') END AS district_code,
  strftime(v.valid_from, '%Y-%m-%d') AS valid_from,
  CASE WHEN v.valid_to < DATE '9999-12-31' THEN strftime(v.valid_to, '%Y-%m-%d') END AS valid_to,
  v.lat, v.lon
FROM unit_versions v
WHERE $as_of::DATE BETWEEN v.valid_from AND v.valid_to
ORDER BY CASE v.level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, v.code;
