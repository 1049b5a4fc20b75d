-- Safety net inside the load's transaction, after merge-apply.sql: no document may exist
-- twice after it. The documents of the run's keys are those it inserted and those of
-- existing (merge-classify.sql: every document the run's valid rows name, found in this
-- transaction's snapshot) that it did not delete; a key there twice is a duplicate. This
-- reads the run's temp tables only: a look into documents for the run's keys is a scan of
-- its key columns over every document. (load.ts checks besides that documents grew by
-- exactly the rows inserted less the rows deleted.)
WITH inserted AS (
  SELECT unit_code, doc_id FROM staged s
  ANTI JOIN exceptional_hashes e ON e.h = s.h
  WHERE len(problems) = 0
  UNION ALL
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
