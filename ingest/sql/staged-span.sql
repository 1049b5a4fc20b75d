-- Where a file's typed rows sit in staged_rows: the first rowid (as text: a BIGINT), and
-- whether they are contiguous, so that a row's place in the file is rowid - first + 2.
SELECT coalesce(min(rowid), 0)::VARCHAR AS first,
       (coalesce(max(rowid) - min(rowid) + 1, 0) = count(*)) AS contiguous
FROM staged_rows
WHERE file_seq = $file_seq;
