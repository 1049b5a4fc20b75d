-- The work list of an inspection: the documents that pull down the rates of the units in
-- $units, in the order of $units, then by time: /api/violations for many units in one pass
-- instead of one page of one unit, with the same rule (cds_violation_reasons, rules.sql);
-- reports/inspection.test.ts checks that both list the same documents.
WITH scope AS (
  SELECT d.*, f.name AS file,
         cds_violation_reasons(d.direction, d.channel, d.signed, d.deadline, d.completed_date, $as_of::DATE) AS reasons
  FROM documents d
  JOIN stg_units u ON u.unit_code = d.unit_code
  LEFT JOIN ingest_files f ON f.run_id = d.run_id AND f.file_seq = d.file_seq
  WHERE list_contains($units::VARCHAR[], d.unit_code)
    AND d.security = 'normal'
    AND d.event_date BETWEEN $from::DATE AND least($to::DATE, $as_of::DATE)
    AND ($include_baseline::BOOLEAN OR d.event_date >= u.milestone)
)
SELECT
  unit_code, doc_id, direction, number, doc_type, strftime(doc_date, '%Y-%m-%d') AS doc_date,
  strftime(event_date, '%Y-%m-%d') AS event_date, strftime(deadline, '%Y-%m-%d') AS deadline,
  cds_iso(completed_time) AS completed_time, reasons, file, row_no::DOUBLE AS row_no
FROM scope
WHERE len(reasons) > 0
ORDER BY list_position($units::VARCHAR[], unit_code), event_time, doc_id;
