-- The SHA-256 of each file of a national month, as its manifest listed them (national/
-- rollup.ts): a publication whose month has a file held here for another province is one
-- province's counts under two codes, counted twice, and is refused (same_counts_two_provinces)
-- also when the two arrive in different roll-ups. files_sha256 (018) hashes the paths and
-- checksums together, so it cannot tell two provinces' files apart from the same file.
-- Months held before this migration have none (NULL): they cannot be compared until a
-- roll-up is given a publication listing them with the files held, which records them
-- (national/sql/record-file-sha256.sql). In a province's warehouse the table is empty.
ALTER TABLE national_months ADD COLUMN each_file_sha256 VARCHAR[];
