-- What the national warehouse holds of a province: each month's files' combined hash (a
-- month published again with the same files is not loaded again).
SELECT strftime(month, '%Y-%m') AS month, files_sha256 FROM national_months WHERE province = $province::VARCHAR;
