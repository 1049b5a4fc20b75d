-- What the national warehouse holds of a province: each month's files' combined hash, and
-- the registry's (a month or a registry published again with the same files is not read again).
SELECT strftime(month, '%Y-%m') AS month, files_sha256 FROM national_months WHERE province = $province::VARCHAR
UNION ALL
SELECT 'registry', registry_sha256 FROM national_provinces WHERE province = $province::VARCHAR;
