-- The registries of the provinces $provinces (those whose registry changed: national/
-- rollup.ts) replaced from $files, their Parquet files (the province is the folder's
-- partition), after every file's checksum was verified.
DELETE FROM national_registry WHERE list_contains($provinces::VARCHAR[], province);

INSERT INTO national_registry BY NAME
SELECT *
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types_autocast = false)
WHERE list_contains($provinces::VARCHAR[], province);
