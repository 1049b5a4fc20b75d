-- A province's manifest and registry (national/rollup.ts): its row among the provinces, its
-- registry replaced, and the province as a unit of level 'province' in unit_versions and
-- units, so that the ranking (analytics/queries/ranking.sql) ranks the provinces.
INSERT OR REPLACE INTO national_provinces VALUES ($province::VARCHAR, $name::VARCHAR, $schema_version::INTEGER, $map_version::VARCHAR, $as_of::DATE, $published_at::TIMESTAMPTZ, now());

DELETE FROM national_registry WHERE province = $province::VARCHAR;

INSERT INTO national_registry BY NAME
SELECT * EXCLUDE (province), $province::VARCHAR AS province
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types_autocast = false)
WHERE province = $province::VARCHAR;

DELETE FROM unit_versions WHERE code = $province::VARCHAR;

INSERT INTO unit_versions (code, valid_from, valid_to, name, short_name, level, kind, parent_code)
VALUES ($province::VARCHAR, DATE '1900-01-01', DATE '9999-12-31', $name::VARCHAR, $name::VARCHAR, 'province', 'tinh', 'VN');

INSERT OR REPLACE INTO units (code, name, short_name, level, kind, parent_code)
VALUES ($province::VARCHAR, $name::VARCHAR, $name::VARCHAR, 'province', 'tinh', 'VN');
