-- The warehouse. Instants are TIMESTAMPTZ; business dates are DATE in Asia/Ho_Chi_Minh.

-- Reference data, replaced from configuration at every start (see ingest/reference.ts).
CREATE TABLE units (
  code        VARCHAR PRIMARY KEY,
  name        VARCHAR NOT NULL,
  short_name  VARCHAR NOT NULL,
  level       VARCHAR NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  kind        VARCHAR NOT NULL,
  parent_code VARCHAR NOT NULL,
  -- the district whose area the unit belongs to: itself for a district, its parent for a commune
  district_code VARCHAR
);

CREATE TABLE milestones (
  level     VARCHAR PRIMARY KEY CHECK (level IN ('province', 'district', 'commune')),
  milestone DATE NOT NULL
);

CREATE TABLE teams (
  team_id INTEGER PRIMARY KEY,
  name    VARCHAR NOT NULL,
  lead    VARCHAR NOT NULL
);

CREATE TABLE team_units (
  team_id   INTEGER NOT NULL,
  unit_code VARCHAR NOT NULL,
  PRIMARY KEY (team_id, unit_code)
);

-- One row per load run, written in the load's own transaction (succeeded) or right after
-- its rollback (failed). rows_received = rows_loaded + rows_updated + rows_unchanged + rows_quarantined.
CREATE TABLE ingest_runs (
  run_id           BIGINT PRIMARY KEY,
  source_id        VARCHAR NOT NULL,
  trigger          VARCHAR NOT NULL,
  started_at       TIMESTAMPTZ NOT NULL,
  finished_at      TIMESTAMPTZ NOT NULL,
  status           VARCHAR NOT NULL CHECK (status IN ('succeeded', 'failed')),
  files            INTEGER NOT NULL,
  rows_received    BIGINT NOT NULL,
  rows_loaded      BIGINT NOT NULL,
  rows_updated     BIGINT NOT NULL,
  rows_unchanged   BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL,
  error            VARCHAR,
  watermark_before VARCHAR,
  watermark_after  VARCHAR,
  CHECK (rows_received = rows_loaded + rows_updated + rows_unchanged + rows_quarantined)
);

-- Each file or HTTP response body a run read; the bytes are archived under DATA_DIR/archive
-- by their SHA-256, so any row can be shown exactly as it was received.
CREATE TABLE ingest_files (
  run_id           BIGINT NOT NULL,
  file_seq         INTEGER NOT NULL,
  name             VARCHAR NOT NULL,
  format           VARCHAR NOT NULL,
  sha256           VARCHAR NOT NULL,
  bytes            BIGINT NOT NULL,
  archive_path     VARCHAR,
  rows_received    BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL,
  PRIMARY KEY (run_id, file_seq)
);

-- The current state of every document, one row per (unit_code, doc_id), with the
-- provenance of the values it holds: the run, file and row that last set them.
CREATE TABLE documents (
  unit_code      VARCHAR NOT NULL,
  doc_id         VARCHAR NOT NULL,
  direction      VARCHAR NOT NULL,
  number         VARCHAR,
  doc_type       VARCHAR,
  doc_date       DATE,
  event_time     TIMESTAMPTZ NOT NULL,
  -- the local (Asia/Ho_Chi_Minh) date of event_time: the document's business date
  event_date     DATE NOT NULL,
  security       VARCHAR NOT NULL,
  channel        VARCHAR,
  signed         BOOLEAN,
  deadline       DATE,
  completed_time TIMESTAMPTZ,
  completed_date DATE,
  source_id      VARCHAR NOT NULL,
  first_run_id   BIGINT NOT NULL,
  run_id         BIGINT NOT NULL,
  file_seq       INTEGER NOT NULL,
  row_no         BIGINT NOT NULL
);

-- Earlier versions of documents, copied here when a later export changed them.
CREATE TABLE document_history (
  unit_code      VARCHAR NOT NULL,
  doc_id         VARCHAR NOT NULL,
  direction      VARCHAR NOT NULL,
  number         VARCHAR,
  doc_type       VARCHAR,
  doc_date       DATE,
  event_time     TIMESTAMPTZ NOT NULL,
  -- the local (Asia/Ho_Chi_Minh) date of event_time: the document's business date
  event_date     DATE NOT NULL,
  security       VARCHAR NOT NULL,
  channel        VARCHAR,
  signed         BOOLEAN,
  deadline       DATE,
  completed_time TIMESTAMPTZ,
  completed_date DATE,
  source_id      VARCHAR NOT NULL,
  first_run_id   BIGINT NOT NULL,
  run_id         BIGINT NOT NULL,
  file_seq       INTEGER NOT NULL,
  row_no         BIGINT NOT NULL,
  superseded_by_run BIGINT NOT NULL
);

-- Rows that could not be understood, kept with where they came from and why.
CREATE TABLE quarantine (
  run_id    BIGINT NOT NULL,
  source_id VARCHAR NOT NULL,
  file_seq  INTEGER NOT NULL,
  file      VARCHAR NOT NULL,
  row_no    BIGINT NOT NULL,
  unit_code VARCHAR,
  doc_id    VARCHAR,
  -- the first field at fault (NULL when the row as a whole is unreadable) and all reasons
  field     VARCHAR,
  reason    VARCHAR NOT NULL,
  problems  STRUCT(field VARCHAR, code VARCHAR, message VARCHAR)[] NOT NULL,
  raw       VARCHAR
);

-- Per source: the incremental watermark (advanced in the same transaction as the data it
-- covers), files already loaded, and the last success and error for the freshness view.
CREATE TABLE source_state (
  source_id       VARCHAR PRIMARY KEY,
  watermark       VARCHAR,
  last_run_id     BIGINT,
  last_success_at TIMESTAMPTZ,
  last_error_at   TIMESTAMPTZ,
  last_error      VARCHAR,
  rows_loaded_total BIGINT NOT NULL DEFAULT 0
);
