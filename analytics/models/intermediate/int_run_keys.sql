-- The (unit_code, event_date) keys whose documents the runs first_run .. last_run changed:
-- where each document they set is now, and where each version they replaced was (an
-- update may move a document to another day, or into or out of a mart by its direction,
-- security or deadline): the only keys whose mart rows an incremental build can change
-- (models/incremental/ adds to the rows of the keys of those versions), which the
-- run-scoped tests of the marts check. run_id and
-- superseded_by_run grow with the load order, so both filters skip most of the tables by
-- their zone maps.
CREATE OR REPLACE MACRO int_run_keys(first_run, last_run) AS TABLE
SELECT unit_code, event_date FROM documents WHERE run_id BETWEEN first_run AND last_run
UNION
SELECT unit_code, event_date FROM document_history WHERE superseded_by_run BETWEEN first_run AND last_run;
