-- Incremental build: the same for fct_unit_day_paper_from (marts/paper_sent_to_office.sql),
-- keyed by the receiving unit and day as the other marts.
DELETE FROM fct_unit_day_paper_from f USING build_keys k WHERE f.unit_code = k.unit_code AND f.event_date = k.event_date;

INSERT INTO fct_unit_day_paper_from SELECT * FROM fct_unit_day_paper_from_of('build_documents');
