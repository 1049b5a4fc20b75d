-- The typed rows of a run, file after file (normalise.sql appends them). row_no is NULL
-- where the reader numbers rows by their position in the file (CSV): the staged view in
-- load.ts then takes it from the row's position in this table.
CREATE OR REPLACE TEMP TABLE staged_rows (
  file_seq       INTEGER NOT NULL,
  row_no         BIGINT,
  -- hash(unit_code, doc_id): finds the keys a run holds twice without grouping its strings
  h              UBIGINT,
  unit_code      VARCHAR,
  doc_id         VARCHAR,
  direction      VARCHAR,
  number         VARCHAR,
  doc_type       VARCHAR,
  doc_date       DATE,
  event_time     TIMESTAMPTZ,
  event_date     DATE,
  security       VARCHAR,
  channel        VARCHAR,
  signed         BOOLEAN,
  deadline       DATE,
  completed_time TIMESTAMPTZ,
  completed_date DATE,
  -- optional fields (migration 009): NULL when the file has no such column
  sender         VARCHAR,
  processed_electronic BOOLEAN,
  -- what the load decided about empty values of a valid row (documents.notes)
  notes          STRUCT(field VARCHAR, code VARCHAR, message VARCHAR)[] NOT NULL,
  -- the row's signed value was a checkbox mark (x, v, ✓, ✔); NULL when empty
  signed_mark    BOOLEAN,
  problems       STRUCT(field VARCHAR, code VARCHAR, message VARCHAR)[] NOT NULL,
  raw            VARCHAR
);
