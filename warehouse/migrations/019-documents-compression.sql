-- Each text column of documents is stored with the compression DuckDB would pick for it
-- anyway, named in advance: the codes (few distinct values in a row group) as a dictionary,
-- doc_id and number (nearly all distinct) by FSST. Unnamed, DuckDB tries every method on
-- every column of every row group it writes and keeps the smallest: the INSERT of a first
-- load's 10 M documents took 37 CPU-s (runs 31-40) with the trials and 27 (26-28) without
-- (issue 19). The stored bytes, hence the file's size and the model build's reads, stay as
-- they were. Naming the numbers', dates' and times' methods too (bitpacking, RLE) measured
-- no gain and is not done.
--
-- DuckDB has no ALTER for a column's compression, so the table is built again with it, its
-- columns, order, NOT NULLs, default and rows (in their order) as they were. Nothing else
-- names the table but late-bound views and macros. A warehouse that held documents keeps
-- their old blocks as free space in its file, which later writes reuse (10 M documents:
-- 36 s, and the file grows from 359 to 682 MiB).
-- (document_history is left as it is: a run writes only the versions it replaces, a few
-- thousand rows a day, whose trials cost nothing measurable.)
CREATE TABLE documents_019 (
  unit_code      VARCHAR USING COMPRESSION dictionary NOT NULL,
  doc_id         VARCHAR USING COMPRESSION fsst NOT NULL,
  direction      VARCHAR USING COMPRESSION dictionary NOT NULL,
  number         VARCHAR USING COMPRESSION fsst,
  doc_type       VARCHAR USING COMPRESSION dictionary,
  doc_date       DATE,
  event_time     TIMESTAMPTZ NOT NULL,
  -- the local (Asia/Ho_Chi_Minh) date of event_time: the document's business date
  event_date     DATE NOT NULL,
  security       VARCHAR USING COMPRESSION dictionary NOT NULL,
  channel        VARCHAR USING COMPRESSION dictionary,
  signed         BOOLEAN,
  deadline       DATE,
  completed_time TIMESTAMPTZ,
  completed_date DATE,
  source_id      VARCHAR USING COMPRESSION dictionary NOT NULL,
  first_run_id   BIGINT NOT NULL,
  run_id         BIGINT NOT NULL,
  file_seq       INTEGER NOT NULL,
  row_no         BIGINT NOT NULL,
  notes          STRUCT(field VARCHAR, code VARCHAR, message VARCHAR)[] DEFAULT [],
  sender         VARCHAR USING COMPRESSION dictionary,
  processed_electronic BOOLEAN
);

INSERT INTO documents_019
SELECT unit_code, doc_id, direction, number, doc_type, doc_date, event_time, event_date, security,
       channel, signed, deadline, completed_time, completed_date, source_id, first_run_id, run_id,
       file_seq, row_no, notes, sender, processed_electronic
FROM documents;

DROP TABLE documents;
ALTER TABLE documents_019 RENAME TO documents;
