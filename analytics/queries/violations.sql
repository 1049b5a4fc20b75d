-- The documents that pull a unit's rates down in the period, with why and where each came
-- from: outgoing sent on paper only (not_electronic), outgoing not digitally signed
-- (not_signed), incoming late as of as_of (late). Secret documents are never listed.
WITH scope AS (
  SELECT d.*, u.milestone, f.name AS file,
         list_filter([
           CASE WHEN d.direction = 'out' AND d.channel NOT IN ('electronic', 'both') THEN 'not_electronic' END,
           CASE WHEN d.direction = 'out' AND NOT coalesce(d.signed, false) THEN 'not_signed' END,
           CASE WHEN d.direction = 'in' AND d.deadline IS NOT NULL
                 AND ((d.completed_date <= $as_of::DATE AND d.completed_date > d.deadline)
                      OR ((d.completed_date IS NULL OR d.completed_date > $as_of::DATE) AND d.deadline < $as_of::DATE)) THEN 'late' END
         ], x -> x IS NOT NULL) AS reasons
  FROM documents d
  JOIN stg_units u ON u.unit_code = d.unit_code
  LEFT JOIN ingest_files f ON f.run_id = d.run_id AND f.file_seq = d.file_seq
  WHERE d.unit_code = $unit::VARCHAR
    AND d.security = 'normal'
    AND d.event_date BETWEEN $from::DATE AND least($to::DATE, $as_of::DATE)
    AND ($include_baseline::BOOLEAN OR d.event_date >= u.milestone)
)
SELECT
  unit_code, doc_id, direction, number, doc_type, strftime(doc_date, '%Y-%m-%d') AS doc_date,
  cds_iso(event_time) AS event_time, strftime(event_date, '%Y-%m-%d') AS event_date,
  channel, signed, strftime(deadline, '%Y-%m-%d') AS deadline, cds_iso(completed_time) AS completed_time,
  reasons, source_id, run_id::INTEGER AS run_id, file, row_no::DOUBLE AS row_no,
  count(*) OVER ()::INTEGER AS total
FROM scope
WHERE len(reasons) > 0 AND ($reason::VARCHAR IS NULL OR list_contains(reasons, $reason::VARCHAR))
ORDER BY event_time, doc_id
LIMIT $limit::INTEGER OFFSET $offset::INTEGER;
