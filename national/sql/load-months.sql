-- The months read from the publications (national/rollup.ts, after every file's checksum
-- was verified), all provinces in one pass: the same (province, month) held before are
-- replaced. $provinces, $months, $as_ofs, $published, $hashes, $file_sha256s (each a list of
-- the month's files' checksums): one entry per month loaded, in the same order; $files:
-- their Parquet files (the province is the folder's partition).
CREATE OR REPLACE TEMP TABLE loading AS
SELECT unnest($provinces::VARCHAR[]) AS province, unnest($months::DATE[]) AS month, unnest($as_ofs::DATE[]) AS as_of,
       unnest($published::TIMESTAMPTZ[]) AS published_at, unnest($hashes::VARCHAR[]) AS files_sha256,
       unnest($file_sha256s::VARCHAR[][]) AS each_file_sha256;

DELETE FROM national_counts c USING loading k WHERE c.province = k.province AND c.month = k.month;

DELETE FROM national_months m USING loading k WHERE m.province = k.province AND m.month = k.month;

INSERT INTO national_counts BY NAME
SELECT r.* EXCLUDE (year, month, month_start), r.month_start AS month
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types_autocast = false) r
SEMI JOIN loading k ON r.province = k.province AND r.month_start = k.month;

INSERT INTO national_months BY NAME SELECT * FROM loading;

DROP TABLE loading;
