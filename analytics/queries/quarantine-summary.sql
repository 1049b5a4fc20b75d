-- The quarantine's entries of one status (NULL: all) counted per unit, per source and per
-- reason (the field and code of each problem: a row with two problems counts under both),
-- in the business days $from..$to when given. One row per group: kind, key, count.
WITH listed AS (
  SELECT q.source_id, q.unit_code, q.problems, coalesce(f.status, 'open') AS status, f.event_date
  FROM quarantine q
  LEFT JOIN fct_quarantine_rows f ON f.run_id = q.run_id AND f.file_seq = q.file_seq AND f.row_no = q.row_no
  WHERE ($from::DATE IS NULL OR f.event_date BETWEEN $from::DATE AND $to::DATE)
), selected AS (
  SELECT * FROM listed WHERE $status::VARCHAR IS NULL OR status = $status::VARCHAR
)
SELECT 'unit' AS kind, s.unit_code AS key, NULL AS field, any_value(u.name) AS name, count(*)::INTEGER AS rows
FROM selected s LEFT JOIN units u ON u.code = s.unit_code
GROUP BY s.unit_code
UNION ALL
SELECT 'source', source_id, NULL, NULL, count(*)::INTEGER FROM selected GROUP BY source_id
UNION ALL
-- each entry once per field and code, however many of its problems share them (a list per
-- entry, not a window numbering the entries: DuckDB 1.5.5's parallel window can fail with
-- an internal error that invalidates the database, duckdb/duckdb#25713)
SELECT 'reason', p.code, p.field, NULL, count(*)::INTEGER
FROM (SELECT unnest(list_distinct(list_transform(problems, x -> {'code': x.code, 'field': x.field}))) AS p FROM selected)
GROUP BY p.code, p.field
ORDER BY kind, rows DESC, key NULLS LAST;
