-- Rows DuckDB's CSV reader rejected (in temp table csv_rejects, one row per error) go to
-- raw_rejects, one row per record; then the valid rows of that file get their true
-- row numbers back: the reader numbered them as if the rejected rows were not there.
-- `line` counts records (a quoted multi-line field is one), header = 1: a spreadsheet row.
INSERT INTO raw_rejects
SELECT $file_seq, line::BIGINT,
       min(column_name),
       string_agg(DISTINCT CASE error_type
         WHEN 'TOO MANY COLUMNS' THEN 'the row has more columns than the header'
         WHEN 'INVALID ENCODING' THEN 'the row is not valid UTF-8 text'
         WHEN 'UNQUOTED VALUE' THEN 'a quoted field is not closed properly (a quote inside a field must be doubled; an unclosed quote takes in the rows after it)'
         WHEN 'LINE SIZE OVER MAXIMUM' THEN 'the row is longer than 4 MB'
         ELSE lower(error_type) || ': ' || error_message END, '; '),
       left(min(csv_line), 2000)
FROM csv_rejects
GROUP BY line;

-- Blank lines (temp table csv_blank_lines, found by the reader) are skipped the same way:
-- DuckDB does not count them, a spreadsheet shows them as rows. The file's rows are in
-- staged_rows in the file's order from rowid $first_rowid: the k-th row read (k from 0) is
-- row k + 2 plus the rejected and blank rows before it. Without any, the staged view
-- numbers the rows by position alone.
UPDATE staged_rows SET row_no = rowid - $first_rowid + 2 + (
  SELECT count(*) FROM (
    SELECT row_no - 1 - row_number() OVER (ORDER BY row_no) AS valid_before
    FROM (SELECT row_no FROM raw_rejects WHERE file_seq = $file_seq
          UNION ALL SELECT row_no FROM csv_blank_lines WHERE file_seq = $file_seq)
  ) r
  WHERE r.valid_before <= staged_rows.rowid - $first_rowid
)
WHERE file_seq = $file_seq
  AND (EXISTS (SELECT 1 FROM raw_rejects WHERE file_seq = $file_seq) OR EXISTS (SELECT 1 FROM csv_blank_lines WHERE file_seq = $file_seq));
