-- Replaces the versioned map from the registry read by warehouse/registry.ts, given as JSON
-- arrays ($versions, $successors, $members), and adds to `units` (one row per code, its
-- first version) the codes that units.csv does not have (units that start later).
DELETE FROM unit_versions;
DELETE FROM unit_successors;
DELETE FROM unit_map;
INSERT INTO unit_versions
SELECT * FROM (SELECT unnest(from_json($versions::VARCHAR, '[{"code":"VARCHAR","valid_from":"DATE","valid_to":"DATE","name":"VARCHAR","short_name":"VARCHAR","level":"VARCHAR","kind":"VARCHAR","parent_code":"VARCHAR","lat":"DOUBLE","lon":"DOUBLE"}]'), recursive := true));
INSERT INTO unit_successors
SELECT * FROM (SELECT unnest(from_json($successors::VARCHAR, '[{"code":"VARCHAR","valid_to":"DATE","successor_code":"VARCHAR","is_main":"BOOLEAN","same_unit":"BOOLEAN"}]'), recursive := true));
INSERT INTO unit_map
SELECT * FROM (SELECT unnest(from_json($members::VARCHAR, '[{"map_from":"DATE","map_to":"DATE","code":"VARCHAR","doc_from":"DATE","doc_to":"DATE","area_kind":"VARCHAR","area":"VARCHAR","via_successor":"BOOLEAN","carried":"BOOLEAN"}]'), recursive := true))
ORDER BY map_from, code, doc_from;
INSERT INTO units
SELECT code, name, short_name, level, kind, parent_code, CASE level WHEN 'district' THEN code WHEN 'commune' THEN parent_code END
FROM unit_versions v
WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.code = v.code)
QUALIFY row_number() OVER (PARTITION BY code ORDER BY valid_from) = 1;
