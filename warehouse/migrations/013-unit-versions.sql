-- The versioned map (issue 17; warehouse/registry.ts): replaced from configuration at every
-- start, like units. `units` keeps one row per code (its first version), which ingest and
-- the older views read; these tables say what a code was on each date.

-- Each version of a unit: in force from valid_from to valid_to inclusive (1900-01-01 and
-- 9999-12-31 stand for "always" in either direction).
CREATE TABLE unit_versions (
  code        VARCHAR NOT NULL,
  valid_from  DATE NOT NULL,
  valid_to    DATE NOT NULL,
  name        VARCHAR NOT NULL,
  short_name  VARCHAR NOT NULL,
  level       VARCHAR NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  kind        VARCHAR NOT NULL,
  parent_code VARCHAR NOT NULL,
  lat         DOUBLE,
  lon         DOUBLE,
  PRIMARY KEY (code, valid_from)
);

-- Where a unit that ended on valid_to went (is_main: the successor that takes its history
-- and the documents that still carry its code); same_unit: the unit itself going on as a
-- new version (renamed, moved to another district, retyped).
CREATE TABLE unit_successors (
  code           VARCHAR NOT NULL,
  valid_to       DATE NOT NULL,
  successor_code VARCHAR NOT NULL,
  is_main        BOOLEAN NOT NULL,
  same_unit      BOOLEAN NOT NULL,
  PRIMARY KEY (code, valid_to, successor_code)
);

-- On the map in force map_from..map_to, the documents carrying `code` whose business date is
-- doc_from..doc_to count for `area` (area_kind: province, level, district, commune, unit).
-- via_successor: the code had ended by then and its documents go to its main successor;
-- carried: the unit is not on this map, its documents count for the unit that took its
-- history. Computed from the versions (registry.ts, mapMembers).
CREATE TABLE unit_map (
  map_from      DATE NOT NULL,
  map_to        DATE NOT NULL,
  code          VARCHAR NOT NULL,
  doc_from      DATE NOT NULL,
  doc_to        DATE NOT NULL,
  area_kind     VARCHAR NOT NULL,
  area          VARCHAR NOT NULL,
  via_successor BOOLEAN NOT NULL,
  carried       BOOLEAN NOT NULL
);

-- The inspection teams' assignments over time (settings.json teams[].units from the start,
-- then teams[].assignments): the units a team checks from valid_from to valid_to. team_units
-- keeps the first assignment, which the earlier views read.
CREATE TABLE team_assignments (
  team_id    INTEGER NOT NULL,
  unit_code  VARCHAR NOT NULL,
  valid_from DATE NOT NULL,
  valid_to   DATE NOT NULL,
  PRIMARY KEY (team_id, unit_code, valid_from)
);
