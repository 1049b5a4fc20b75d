-- Incremental build, step 3: the same for fct_unit_day_incoming (marts/fct_unit_day_incoming.sql).
DELETE FROM fct_unit_day_incoming f USING build_keys k WHERE f.unit_code = k.unit_code AND f.event_date = k.event_date;

INSERT INTO fct_unit_day_incoming SELECT * FROM fct_unit_day_incoming_of('build_documents');
