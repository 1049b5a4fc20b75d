-- Report figures frozen when they were sent as official (reports/README.md). Append-only:
-- later loads and rebuilds never touch them, so a reported period can be re-exported with
-- the very numbers that were sent; a later correction is a new version (a restatement),
-- never an edit of an earlier one.
CREATE TABLE report_freezes (
  report      VARCHAR NOT NULL,
  -- the period label as the API writes it: 2020-10, 2020-Q4, 2020-6M, 2020-9M, 2020
  period      VARCHAR NOT NULL,
  -- 1: the figures as first reported; 2, 3, …: restatements
  version     INTEGER NOT NULL CHECK (version >= 1),
  period_from DATE NOT NULL,
  period_to   DATE NOT NULL,
  -- the figures are as they stood at the end of this day (the as_of of the API)
  as_of       DATE NOT NULL,
  frozen_at   TIMESTAMPTZ NOT NULL,
  -- who froze them: api, cli, schedule (an account once the API has accounts)
  frozen_by   VARCHAR NOT NULL,
  PRIMARY KEY (report, period, version)
);

-- The rows of a frozen version exactly as reported: one row per report line and part
-- (the period, the previous period, the cumulative figures from 1 January).
CREATE TABLE report_frozen_rows (
  report         VARCHAR NOT NULL,
  period         VARCHAR NOT NULL,
  version        INTEGER NOT NULL,
  row_no         INTEGER NOT NULL,
  part           VARCHAR NOT NULL CHECK (part IN ('period', 'previous', 'cumulative')),
  section        VARCHAR NOT NULL CHECK (section IN ('province', 'level', 'district', 'body')),
  code           VARCHAR NOT NULL,
  name           VARCHAR NOT NULL,
  out_total      BIGINT NOT NULL,
  out_electronic BIGINT NOT NULL,
  out_signed     BIGINT NOT NULL,
  in_on_time     BIGINT NOT NULL,
  in_late        BIGINT NOT NULL,
  in_pending     BIGINT NOT NULL,
  secret_excluded BIGINT NOT NULL,
  sent_electronic_rate DOUBLE,
  signed_rate    DOUBLE,
  on_time_rate   DOUBLE,
  -- the rank and score in that part's period (none for the cumulative part)
  rank           INTEGER,
  score          DOUBLE,
  PRIMARY KEY (report, period, version, row_no, part)
);
