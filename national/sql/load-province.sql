-- The provinces' manifests and registries (national/rollup.ts), all in one pass: their rows
-- among the provinces (the members of the provinces' ranking: national/sql/macros.sql), and
-- the registries of $registry_provinces replaced from $files. One entry per province in
-- $provinces, $names, … in the same order.
INSERT OR REPLACE INTO national_provinces
SELECT unnest($provinces::VARCHAR[]), unnest($names::VARCHAR[]), unnest($schema_versions::INTEGER[]), unnest($map_versions::VARCHAR[]),
       unnest($as_ofs::DATE[]), unnest($published::TIMESTAMPTZ[]), now(), unnest($registry_hashes::VARCHAR[]);

DELETE FROM national_registry WHERE list_contains($registry_provinces::VARCHAR[], province);

INSERT INTO national_registry BY NAME
SELECT *
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types_autocast = false)
WHERE list_contains($registry_provinces::VARCHAR[], province);
