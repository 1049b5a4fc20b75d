-- A province's manifest and registry (national/rollup.ts): its row among the provinces (the
-- members of the provinces' ranking: national/sql/macros.sql), its registry replaced.
INSERT OR REPLACE INTO national_provinces VALUES ($province::VARCHAR, $name::VARCHAR, $schema_version::INTEGER, $map_version::VARCHAR, $as_of::DATE, $published_at::TIMESTAMPTZ, now(), $registry_sha256::VARCHAR);

DELETE FROM national_registry WHERE province = $province::VARCHAR;

INSERT INTO national_registry BY NAME
SELECT * EXCLUDE (province), $province::VARCHAR AS province
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types_autocast = false)
WHERE province = $province::VARCHAR;
