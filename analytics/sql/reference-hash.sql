-- Everything the models read besides documents that can change while the service runs
-- or between two CLI runs: the units registry and the milestones (both replaced from
-- configuration at every start). Every column, NULLs included, in a fixed order.
SELECT md5(
  coalesce((SELECT list(u ORDER BY u.code)::VARCHAR FROM units u), '[]') || '|' ||
  coalesce((SELECT list(m ORDER BY m.level)::VARCHAR FROM milestones m), '[]')
) AS hash;
