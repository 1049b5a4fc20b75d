-- Everything loadReference writes, hashed: every column of units, milestones, teams and
-- team_units in a fixed order, and of the versioned map. Equal before and after a reload
-- means nothing changed.
SELECT md5(
  coalesce((SELECT list(u ORDER BY u.code)::VARCHAR FROM units u), '[]') || '|' ||
  coalesce((SELECT list(m ORDER BY m.level)::VARCHAR FROM milestones m), '[]') || '|' ||
  coalesce((SELECT list(t ORDER BY t.team_id)::VARCHAR FROM teams t), '[]') || '|' ||
  coalesce((SELECT list(x ORDER BY x.team_id, x.unit_code)::VARCHAR FROM team_units x), '[]') || '|' ||
  coalesce((SELECT list(v ORDER BY v.code, v.valid_from)::VARCHAR FROM unit_versions v), '[]') || '|' ||
  coalesce((SELECT list(s ORDER BY s.code, s.valid_to, s.successor_code)::VARCHAR FROM unit_successors s), '[]') || '|' ||
  coalesce((SELECT list(a ORDER BY a.team_id, a.unit_code, a.valid_from)::VARCHAR FROM team_assignments a), '[]') || '|' ||
  coalesce((SELECT md5(string_agg(m::VARCHAR, ';' ORDER BY m.map_from, m.code, m.doc_from, m.area_kind, m.area)) FROM unit_map m), '')
) AS hash;
