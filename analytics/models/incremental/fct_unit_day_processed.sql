-- Incremental build: the same for fct_unit_day_processed (marts/processed_electronic.sql).
DELETE FROM fct_unit_day_processed f USING build_keys k WHERE f.unit_code = k.unit_code AND f.event_date = k.event_date;

INSERT INTO fct_unit_day_processed SELECT * FROM fct_unit_day_processed_of('build_documents');
