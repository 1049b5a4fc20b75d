-- The model builds (analytics/build.ts), one row per build that committed, written in the
-- build's own transaction: which runs the figures hold, and what they were built from.
-- Until this migration the build created the table itself before its first row (hence IF
-- NOT EXISTS: a warehouse that has had a build has it already, as it was).
CREATE TABLE IF NOT EXISTS model_builds (
  build_id       BIGINT PRIMARY KEY,
  built_at       TIMESTAMPTZ NOT NULL,
  kind           VARCHAR NOT NULL CHECK (kind IN ('full', 'incremental')),
  -- incremental: the first run it brought in (full: NULL, every run)
  first_run      BIGINT,
  -- every run up to this one is in the figures
  last_run       BIGINT NOT NULL,
  -- the model and test SQL (every file under analytics/models/), and units + milestones
  models_hash    VARCHAR NOT NULL,
  reference_hash VARCHAR NOT NULL,
  ms             BIGINT NOT NULL
);
