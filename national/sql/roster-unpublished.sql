-- The provinces the roster expects that have published nothing held here (national/sql/macros.sql).
SELECT province AS code, name FROM national_roster_unpublished ORDER BY province;
