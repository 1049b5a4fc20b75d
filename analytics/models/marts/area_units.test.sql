-- The areas depend on the registry only, which changes only at a start and forces a full
-- build: these tests run in full builds (`-- scope: full`, see analytics/build.ts).

-- test: area_units_district_areas_complete
-- scope: full
-- every unit but the provincial bodies is in exactly one district area
SELECT u.code FROM units u LEFT JOIN area_units a ON a.unit_code = u.code AND a.area_kind = 'district'
WHERE u.level <> 'province' GROUP BY u.code HAVING count(a.area) <> 1;

-- test: area_units_27_districts
-- scope: full
SELECT n FROM (SELECT count(DISTINCT area) AS n FROM area_units WHERE area_kind = 'district') WHERE n <> (SELECT count(*) FROM units WHERE level = 'district');
