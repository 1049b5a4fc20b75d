-- What the load needs to know of file $file_seq's typed rows once they are all in
-- staged_rows, in one scan of them:
-- * where they sit: the first rowid (as text: a BIGINT), and whether they are contiguous,
--   so that a row's place in the file is rowid - first + 2;
-- * whether its signed column is a checkbox column: every non-empty value a mark (x, v, ✓,
--   ✔; normalise.sql set signed_mark). An empty cell of such a column is the box left
--   unticked, "no", not a missing value: the staged view in load.ts reads those rows as not
--   signed, without the note normalise.sql gave them. Never when the source's mapping makes
--   an empty signed an error ($strict_signed): its column is then not a checkbox.
SELECT coalesce(min(rowid), 0)::VARCHAR AS first,
       (coalesce(max(rowid) - min(rowid) + 1, 0) = count(*)) AS contiguous,
       (NOT $strict_signed AND bool_and(signed_mark) IS TRUE) AS checkbox
FROM staged_rows
WHERE file_seq = $file_seq;
