-- Each province held whose published registry does not have the number of communes, wards
-- and special zones the roster gives it (national_roster.communes, migration 023), in force
-- on the last day of its last month held from 1/7/2025 (1/7/2025 itself when it has none):
-- fewer, and the missing ones count as units without data in every figure from 1/7/2025
-- (national/sql/macros.sql); more, and the registry is likely of the map before 1/7/2025.
WITH checked AS (
  SELECT p.province, r.name, r.communes AS expected,
         coalesce((SELECT last_day(max(m.month)) FROM national_months m WHERE m.province = p.province AND m.month >= DATE '2025-07-01'),
                  DATE '2025-07-01') AS on_day
  FROM national_provinces p JOIN national_roster r USING (province)
  WHERE r.communes IS NOT NULL
)
SELECT c.province, c.name, c.expected, strftime(c.on_day, '%Y-%m-%d') AS on_day,
       (SELECT count(DISTINCT g.code) FROM national_registry g
        WHERE g.province = c.province AND g.level = 'commune' AND g.valid_from <= c.on_day AND g.valid_to >= c.on_day)::INTEGER AS registered
FROM checked c
ORDER BY c.province;
