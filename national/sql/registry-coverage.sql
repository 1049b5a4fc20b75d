-- Each province held whose published registry does not have, in a month it has published
-- from 1/7/2025, the number of communes, wards and special zones the roster gives it
-- (national_roster.communes, migration 023), checked as the figures check it (registry_months
-- in macros.sql: in force on the month's last day): the month with the fewest when any has
-- fewer (the missing ones count as units without data), otherwise the month with the most
-- (likely a registry of the map before 1/7/2025). A province with no month published from
-- 1/7/2025 is not listed (its months are not published, which the roster line says).
WITH checked AS (
  SELECT m.province, r.name, r.official_name, r.communes AS expected, last_day(m.month) AS on_day,
         (SELECT count(DISTINCT g.code) FROM national_registry g
          WHERE g.province = m.province AND g.level = 'commune' AND g.valid_from <= last_day(m.month) AND g.valid_to >= last_day(m.month))::INTEGER AS registered
  FROM national_months m JOIN national_roster r USING (province)
  WHERE r.communes IS NOT NULL AND m.month >= DATE '2025-07-01'
), worst AS (
  SELECT province, name, official_name, expected,
         -- ties: the first month with the fewest, the last with the most
         CASE WHEN min(registered) < expected THEN arg_min(on_day, {'n': registered, 'd': on_day})
              ELSE arg_max(on_day, {'n': registered, 'd': on_day}) END AS on_day,
         CASE WHEN min(registered) < expected THEN min(registered) ELSE max(registered) END AS registered
  FROM checked GROUP BY province, name, official_name, expected
)
SELECT province, name, official_name, expected, registered, strftime(on_day, '%Y-%m-%d') AS on_day
FROM worst
WHERE registered <> expected
ORDER BY province;
