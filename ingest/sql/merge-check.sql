-- Safety net inside the load's transaction: no document may exist twice after it. The new
-- rows taken straight from staged cannot (their keys are once in the run and were not in
-- documents: merge-classify.sql); the keys keyed decided on are checked here.
SELECT d.unit_code, d.doc_id, count(*)::INTEGER AS copies
FROM documents d
SEMI JOIN (SELECT unit_code, doc_id FROM keyed WHERE action IN ('new', 'changed')) k
  ON k.unit_code = d.unit_code AND k.doc_id = d.doc_id
GROUP BY d.unit_code, d.doc_id
HAVING count(*) > 1
LIMIT 5;
