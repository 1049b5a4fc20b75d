-- Each province held whose published registry does not have, in a month from 1/7/2025, the
-- number of communes, wards and special zones the roster gives it (national_roster.communes,
-- migration 023), counted as the figures count them (registry_in_force in macros.sql: in
-- force on some day of the month): the month with the fewest when any has fewer (the
-- missing ones count as units without data), otherwise the month with the most (likely a
-- registry of the map before 1/7/2025). The months checked: those it has published from
-- 1/7/2025; with none, July 2025, which the figures of a period from then count by its
-- registry when a unit of it is in force (a month with none is a month not published).
WITH months AS (
  SELECT province, month FROM national_months WHERE month >= DATE '2025-07-01'
  UNION
  SELECT p.province, DATE '2025-07-01' FROM national_provinces p
  WHERE NOT EXISTS (SELECT 1 FROM national_months m WHERE m.province = p.province AND m.month >= DATE '2025-07-01')
    AND EXISTS (SELECT 1 FROM national_registry g WHERE g.province = p.province AND g.valid_from <= DATE '2025-07-31' AND g.valid_to >= DATE '2025-07-01')
), checked AS (
  SELECT m.province, r.name, r.official_name, r.communes AS expected, m.month,
         (SELECT count(DISTINCT g.code) FROM national_registry g
          WHERE g.province = m.province AND g.level = 'commune' AND g.valid_from <= last_day(m.month) AND g.valid_to >= m.month)::INTEGER AS registered
  FROM months m JOIN national_roster r USING (province)
  WHERE r.communes IS NOT NULL
), worst AS (
  SELECT province, name, official_name, expected,
         -- ties: the first month with the fewest, the last with the most
         CASE WHEN min(registered) < expected THEN arg_min(month, {'n': registered, 'm': month})
              ELSE arg_max(month, {'n': registered, 'm': month}) END AS month,
         CASE WHEN min(registered) < expected THEN min(registered) ELSE max(registered) END AS registered
  FROM checked GROUP BY province, name, official_name, expected
)
SELECT province, name, official_name, expected, registered, strftime(month, '%Y-%m') AS month
FROM worst
WHERE registered <> expected
ORDER BY province;
