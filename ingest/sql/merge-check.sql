-- Safety net inside the load's transaction, after merge-apply.sql: no document may exist
-- twice after it. The rows taken straight from staged cannot be twice: the hash of their key
-- is once in the run and is not the hash of any document of existing (merge-classify.sql),
-- and equal keys have equal hashes. The others are those keyed inserted and the documents of
-- existing (every document the run's valid rows name, found in this transaction's snapshot,
-- and any whose key hash only collides with one of theirs) that it did not delete; a key
-- there twice is a duplicate. This reads the run's temp tables
-- only, never every inserted row (a GROUP BY of 10 M string keys in a first load) nor
-- documents (a scan of its key columns). (load.ts checks besides that documents grew by
-- exactly the rows inserted less the rows deleted.)
WITH inserted AS (
  SELECT unit_code, doc_id FROM keyed WHERE action IN ('new', 'changed')
), kept AS (
  SELECT unit_code, doc_id FROM existing e
  ANTI JOIN (SELECT old_rowid FROM keyed WHERE action = 'changed') k ON k.old_rowid = e.doc_rowid
)
SELECT unit_code, doc_id, count(*)::INTEGER AS copies
FROM (FROM inserted UNION ALL FROM kept)
GROUP BY unit_code, doc_id
HAVING count(*) > 1
LIMIT 5;
