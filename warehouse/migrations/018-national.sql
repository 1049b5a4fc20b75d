-- The national roll-up (issue 19; national/, README "National roll-up"). A national
-- warehouse holds the provinces' published counts, never their documents: one row per
-- province, unit, month and phase. These tables stay empty in a province's warehouse.

-- The publication of each province last loaded, as its manifest said.
CREATE TABLE national_provinces (
  province       VARCHAR PRIMARY KEY,
  name           VARCHAR NOT NULL,
  schema_version INTEGER NOT NULL,
  map_version    VARCHAR NOT NULL,
  as_of          DATE NOT NULL,
  published_at   TIMESTAMPTZ NOT NULL,
  loaded_at      TIMESTAMPTZ NOT NULL,
  -- the registry's files (a publication whose registry and months are those held is not read again)
  registry_sha256 VARCHAR NOT NULL
);

-- Each month of each province, from the publication that last brought it: publishing a month
-- again replaces its rows (national/sql/load-*.sql).
CREATE TABLE national_months (
  province     VARCHAR NOT NULL,
  month        DATE NOT NULL,
  as_of        DATE NOT NULL,
  published_at TIMESTAMPTZ NOT NULL,
  files_sha256 VARCHAR NOT NULL,
  PRIMARY KEY (province, month)
);

-- The pooled counts behind every figure (national/sql/publish-counts.sql says what each is).
-- unit_code NULL: the open quarantined rows of no unit of the province's registry.
CREATE TABLE national_counts (
  province                VARCHAR NOT NULL,
  month                   DATE NOT NULL,
  unit_code               VARCHAR,
  level                   VARCHAR,
  phase                   VARCHAR NOT NULL CHECK (phase IN ('required', 'baseline')),
  out_total               BIGINT NOT NULL,
  out_electronic          BIGINT NOT NULL,
  out_signed              BIGINT NOT NULL,
  in_on_time              BIGINT NOT NULL,
  in_late                 BIGINT NOT NULL,
  in_pending              BIGINT NOT NULL,
  secret_excluded         BIGINT NOT NULL,
  in_total                BIGINT NOT NULL,
  in_electronic           BIGINT NOT NULL,
  in_completed            BIGINT NOT NULL,
  in_processed_electronic BIGINT NOT NULL,
  in_completed_unrecorded BIGINT NOT NULL,
  not_electronic          BIGINT NOT NULL,
  not_signed              BIGINT NOT NULL,
  late                    BIGINT NOT NULL,
  quarantined_rows        BIGINT NOT NULL,
  quarantined_as_out      BIGINT NOT NULL,
  quarantined_as_late     BIGINT NOT NULL,
  quarantined_as_in       BIGINT NOT NULL,
  quarantined_as_completed BIGINT NOT NULL,
  has_data                BOOLEAN NOT NULL,
  due                     BOOLEAN NOT NULL
);

-- Each province's registry as published (its unit versions with their milestones).
CREATE TABLE national_registry (
  province    VARCHAR NOT NULL,
  code        VARCHAR NOT NULL,
  valid_from  DATE NOT NULL,
  valid_to    DATE NOT NULL,
  name        VARCHAR NOT NULL,
  short_name  VARCHAR NOT NULL,
  level       VARCHAR NOT NULL,
  kind        VARCHAR NOT NULL,
  parent_code VARCHAR NOT NULL,
  milestone   DATE,
  PRIMARY KEY (province, code, valid_from)
);
