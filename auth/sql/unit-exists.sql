-- Whether a code is a unit of the registry: the registry table itself, which every start
-- loads from config/units.csv, so it holds before any model has been built.
SELECT code FROM units WHERE code = $code;
