-- The checksums of each file of months held from before migration 021 (each_file_sha256
-- NULL), recorded when a roll-up is given a publication that lists such a month with the
-- files held (its combined hash, files_sha256, is the one held, so these are the checksums
-- of the files loaded): the counts are not read again, and the month can from then on be
-- compared with other provinces' files (national/rollup.ts). $provinces, $months,
-- $file_sha256s (each a list): one entry per month, in the same order.
UPDATE national_months m SET each_file_sha256 = k.each_file_sha256
FROM (SELECT unnest($provinces::VARCHAR[]) AS province, unnest($months::DATE[]) AS month,
             unnest($file_sha256s::VARCHAR[][]) AS each_file_sha256) k
WHERE m.province = k.province AND m.month = k.month AND m.each_file_sha256 IS NULL;
