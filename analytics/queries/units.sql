SELECT unit_code AS code, name, short_name, level, parent_code, district_code
FROM stg_units
ORDER BY CASE level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, unit_code;
