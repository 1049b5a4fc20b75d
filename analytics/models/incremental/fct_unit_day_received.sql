-- Incremental build: the same for fct_unit_day_received (marts/received_electronic.sql).
DELETE FROM fct_unit_day_received f USING build_keys k WHERE f.unit_code = k.unit_code AND f.event_date = k.event_date;

INSERT INTO fct_unit_day_received SELECT * FROM fct_unit_day_received_of('build_documents');
