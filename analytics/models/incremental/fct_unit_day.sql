-- Incremental build, step 2: the keys' rows of fct_unit_day, deleted and computed again by
-- the mart's own definition (fct_unit_day_of, marts/fct_unit_day.sql) from their documents.
-- A key all of whose documents left it has no row any more, as in a full build.
DELETE FROM fct_unit_day f USING build_keys k WHERE f.unit_code = k.unit_code AND f.event_date = k.event_date;

INSERT INTO fct_unit_day SELECT * FROM fct_unit_day_of('build_documents');

-- fct_unit_day_received (marts/received_electronic.sql) from the keys' new rows of
-- fct_unit_day, here so that it follows them.
DELETE FROM fct_unit_day_received f USING build_keys k WHERE f.unit_code = k.unit_code AND f.event_date = k.event_date;

CREATE OR REPLACE TEMP VIEW build_unit_day AS
SELECT f.* FROM fct_unit_day f SEMI JOIN build_keys k USING (unit_code, event_date);

INSERT INTO fct_unit_day_received SELECT * FROM fct_unit_day_received_of('build_unit_day');
