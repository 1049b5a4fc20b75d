-- The (unit_code, event_date) keys whose documents the runs first_run .. last_run changed:
-- where each document they set is now, and where each version they replaced was (an
-- update may move a document to another day, or into or out of a mart by its direction,
-- security or deadline): the only keys whose mart rows an incremental build can change
-- (models/incremental/ adds to the rows of the keys of those versions), which the
-- run-scoped tests of the marts check. run_id and
-- superseded_by_run grow with the load order, so both filters skip most of the tables by
-- their zone maps.
-- The keys come out of one list, unnested: DuckDB plans a test's semi join of a mart with
-- these keys before it knows the runs, so it takes the runs' documents for a fifth of all
-- (2 M rows at 10 M documents) and, for a mart smaller than that, built its hash table on
-- the mart's rows (437 k rows of fct_unit_day) to probe it with a few thousand keys; a
-- list's unnested rows it takes for few, and the hash table is the keys' (the tests of
-- fct_unit_day, fct_unit_day_received and fct_unit_day_paper_from: about a third of the
-- CPU time each). The keys are the same.
CREATE OR REPLACE MACRO int_run_keys(first_run, last_run) AS TABLE
SELECT k.unit_code, k.event_date
FROM (
  SELECT unnest(list({'unit_code': unit_code, 'event_date': event_date})) AS k
  FROM (
    SELECT unit_code, event_date FROM documents WHERE run_id BETWEEN first_run AND last_run
    UNION
    SELECT unit_code, event_date FROM document_history WHERE superseded_by_run BETWEEN first_run AND last_run
  )
);
