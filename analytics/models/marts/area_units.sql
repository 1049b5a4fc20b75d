-- Which units an area pools: the province (code 38) holds every unit, a level its units,
-- a district its People's Committee and its communes.
CREATE OR REPLACE TABLE area_units AS
SELECT '38' AS area, 'province' AS area_kind, unit_code FROM stg_units
UNION ALL
SELECT level, 'level', unit_code FROM stg_units
UNION ALL
SELECT district_code, 'district', unit_code FROM stg_units WHERE district_code IS NOT NULL;
