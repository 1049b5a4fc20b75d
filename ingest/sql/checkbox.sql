-- Whether file $file_seq's signed column is a checkbox column: every non-empty value a mark
-- (x, v, ✓, ✔; normalise.sql set signed_mark). An empty cell of such a column is the box
-- left unticked, "no", not a missing value: the staged view in load.ts reads those rows as
-- not signed, without the note normalise.sql gave them. Never when the source's mapping
-- makes an empty signed an error ($strict_signed): its column is then not a checkbox.
SELECT (NOT $strict_signed AND bool_and(signed_mark) IS TRUE) AS checkbox
FROM staged_rows
WHERE file_seq = $file_seq;
