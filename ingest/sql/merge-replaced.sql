-- How many documents the run replaces (merge-apply.sql deletes them by rowid): the changed
-- rows' earlier versions, each once.
SELECT count(DISTINCT old_rowid)::BIGINT AS n FROM keyed WHERE action = 'changed';
