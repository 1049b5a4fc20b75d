-- Safety net inside the load's transaction: no document may exist twice after it.
SELECT d.unit_code, d.doc_id, count(*)::INTEGER AS copies
FROM documents d
JOIN keyed k ON k.action = 'new' AND k.unit_code = d.unit_code AND k.doc_id = d.doc_id
GROUP BY d.unit_code, d.doc_id
HAVING count(*) > 1
LIMIT 5;
