-- The registry's unit codes as a temp ENUM of the load's connection, made at the start of
-- every run (the registry may have changed since the last one). normalise.sql tells a known
-- unit by casting its code to it: an exact, case-sensitive lookup in a hash table, where
-- looking the code up in a list of the codes compared it with hundreds of them, on every
-- row (10 M rows: about 1.9 CPU-s against 0.5).
CREATE OR REPLACE TEMP TYPE cds_unit_code AS ENUM (SELECT code FROM units ORDER BY code);
