-- Everything loadReference writes, hashed: every column of units, milestones, teams and
-- team_units in a fixed order. Equal before and after a reload means nothing changed.
SELECT md5(
  coalesce((SELECT list(u ORDER BY u.code)::VARCHAR FROM units u), '[]') || '|' ||
  coalesce((SELECT list(m ORDER BY m.level)::VARCHAR FROM milestones m), '[]') || '|' ||
  coalesce((SELECT list(t ORDER BY t.team_id)::VARCHAR FROM teams t), '[]') || '|' ||
  coalesce((SELECT list(x ORDER BY x.team_id, x.unit_code)::VARCHAR FROM team_units x), '[]')
) AS hash;
