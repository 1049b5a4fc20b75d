-- What the national warehouse holds of a province: each month's files' combined hash, and
-- the registry's (a month or a registry published again with the same files is not read
-- again); and each month's as_of and published_at (epoch ms), as its publication said: a
-- publication of the month older than the one held is refused (national/rollup.ts), and a
-- month replaced is reported from the as_of held to the new one; and whether the month has
-- no checksum of each file (held from before migration 021: recorded when listed again).
-- The registry's row carries the province's latest publication (its as_of, published_at):
-- an older one does not take the province's row nor its registry back.
SELECT strftime(month, '%Y-%m') AS month, files_sha256, strftime(as_of, '%Y-%m-%d') AS as_of,
       epoch_ms(published_at)::DOUBLE AS published_ms, each_file_sha256 IS NULL AS unrecorded
FROM national_months WHERE province = $province::VARCHAR
UNION ALL
SELECT 'registry', registry_sha256, strftime(as_of, '%Y-%m-%d'), epoch_ms(published_at)::DOUBLE, NULL FROM national_provinces WHERE province = $province::VARCHAR;
