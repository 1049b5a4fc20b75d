-- The blank lines of a CSV file (formats/csv.ts records them, csv-rejects.sql numbers the
-- rows after them as a spreadsheet does); a file read again (leniently, after a strict
-- read failed) replaces what its first read found.
CREATE TEMP TABLE IF NOT EXISTS csv_blank_lines (file_seq INTEGER, row_no BIGINT);
DELETE FROM csv_blank_lines WHERE file_seq = $file_seq;
