-- The months held here (of any province) with a file among $sha256s, the SHA-256s of the
-- files of the publications being rolled up: a month's file held for another province is
-- one province's counts under two codes (national/rollup.ts). The months held from before
-- migration 021 have no checksums and match nothing.
SELECT h.province, p.name, strftime(h.month, '%Y-%m') AS month, h.sha256
FROM (SELECT province, month, unnest(each_file_sha256) AS sha256 FROM national_months) h
JOIN national_provinces p USING (province)
WHERE list_contains($sha256s::VARCHAR[], h.sha256)
ORDER BY h.province, h.month;
