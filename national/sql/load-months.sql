-- The months of one province read from its publication (national/rollup.ts, after every
-- file's checksum was verified), in one pass: the same months held before are replaced.
-- $months, $as_ofs, $published, $hashes: one entry per month, in the same order.
DELETE FROM national_counts WHERE province = $province::VARCHAR AND list_contains($months::DATE[], month);

DELETE FROM national_months WHERE province = $province::VARCHAR AND list_contains($months::DATE[], month);

INSERT INTO national_counts BY NAME
SELECT * EXCLUDE (province, year, month, month_start), $province::VARCHAR AS province, month_start AS month
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types_autocast = false)
WHERE province = $province::VARCHAR AND list_contains($months::DATE[], month_start);

INSERT INTO national_months
SELECT $province::VARCHAR, unnest($months::DATE[]), unnest($as_ofs::DATE[]), unnest($published::TIMESTAMPTZ[]), unnest($hashes::VARCHAR[]);
