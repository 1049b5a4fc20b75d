-- A run's temp tables besides staged_rows (staged-rows.sql): the rows a reader refused,
-- with the field and reason, and the run's files by their place in it.
CREATE OR REPLACE TEMP TABLE raw_rejects (file_seq INTEGER, row_no BIGINT, field VARCHAR, reason VARCHAR, raw VARCHAR);
CREATE OR REPLACE TEMP TABLE batch_files (file_seq INTEGER, name VARCHAR);
