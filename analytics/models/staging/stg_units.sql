-- The registry with each unit's milestone (its level's) and the district area it pools into.
CREATE OR REPLACE VIEW stg_units AS
SELECT
  u.code AS unit_code,
  u.name,
  u.short_name,
  u.level,
  u.parent_code,
  u.district_code,
  m.milestone
FROM units u
JOIN milestones m ON m.level = u.level;
