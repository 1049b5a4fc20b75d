-- The versions of one unit's code, oldest first (issue 17): the name, level and parent it
-- had from valid_from to valid_to (null: always, in that direction). Figures.unitOn and
-- Figures.unitScope read it; unit-history.sql adds the lineage.
SELECT
  name, short_name, level, parent_code,
  CASE WHEN valid_from > DATE '1900-01-01' THEN strftime(valid_from, '%Y-%m-%d') END AS valid_from,
  CASE WHEN valid_to < DATE '9999-12-31' THEN strftime(valid_to, '%Y-%m-%d') END AS valid_to
FROM unit_versions
WHERE code = $code::VARCHAR
ORDER BY valid_from;
