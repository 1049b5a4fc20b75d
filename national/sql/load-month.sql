-- One month of one province from its publication (national/rollup.ts, after every file's
-- checksum was verified): the month's earlier rows are replaced.
DELETE FROM national_counts WHERE province = $province::VARCHAR AND month = $month::DATE;

DELETE FROM national_months WHERE province = $province::VARCHAR AND month = $month::DATE;

INSERT INTO national_counts BY NAME
SELECT * EXCLUDE (province, year, month, month_start), $province::VARCHAR AS province, month_start AS month
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types_autocast = false)
WHERE province = $province::VARCHAR AND month_start = $month::DATE;

INSERT INTO national_months VALUES ($province::VARCHAR, $month::DATE, $as_of::DATE, $published_at::TIMESTAMPTZ, $files_sha256::VARCHAR);
