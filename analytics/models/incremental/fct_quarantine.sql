-- Incremental build: the quarantine marts are rebuilt whole (marts/fct_quarantine_rows.sql,
-- marts/fct_unit_day_quarantine.sql), as in a full build. They are small, and what they
-- hold changes with runs that set no document of theirs: a run quarantines rows, and a
-- later run that loads a key resolves every earlier entry of it, wherever it was.
DELETE FROM fct_quarantine_rows;

INSERT INTO fct_quarantine_rows SELECT * FROM fct_quarantine_rows_of() ORDER BY run_id, file_seq, row_no;

DELETE FROM fct_unit_day_quarantine;

INSERT INTO fct_unit_day_quarantine SELECT * FROM fct_unit_day_quarantine_of('fct_quarantine_rows') ORDER BY unit_code, event_date;
