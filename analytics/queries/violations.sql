-- The documents that pull a unit's rates down in the period, with why (cds_violation_reasons:
-- not_electronic, not_signed, late as of as_of), their data notes (e.g. not signed because
-- the signed cell was empty) and where each came from. Secret documents are never listed.
--
-- The documents listed are those the unit's figures count (issue 17; /api/rates?unit=), on
-- the map in force on $to (the period's last day; the unit's last day for a unit that ended
-- within the period): unit_map says which codes count for it on which dates — its own, the
-- ended codes whose main successor it is, and the units whose history it took (a 2025
-- commune: the old communes it was formed from). A document carrying another code is listed
-- under the unit (unit_code) with a note saying which code it carries, worded as the
-- inspection work list's (reports/queries/inspection-violations.sql). A code is in the
-- required phase from its own level's milestone on, as in the figures (int_documents_scoped).
--
-- A provincial body's violations also hold paper_to_office (marts/paper_sent_to_office.sql):
-- the incoming documents on paper that the Provincial Office ($office) logged from it on or
-- after its milestone, listed as they are at the office (unit_code is the office's, sender
-- as the office's register wrote it); never before the milestone, include_baseline or not.
WITH codes AS (
  SELECT m.code, m.doc_from, m.doc_to
  FROM unit_map m
  WHERE m.area_kind = 'unit' AND m.area = $unit::VARCHAR AND $to::DATE BETWEEN m.map_from AND m.map_to
), scope AS (
  SELECT d.* EXCLUDE (unit_code, sender, notes, key_hash), $unit::VARCHAR AS unit_code, d.sender, u.milestone, f.name AS file,
         cds_violation_reasons(d.direction, d.channel, d.signed, d.deadline, d.completed_date, $as_of::DATE) AS reasons,
         list_concat(coalesce(d.notes, []), CASE WHEN d.unit_code <> $unit::VARCHAR THEN [{
           'field': 'unit_code', 'code': 'counted_for_unit',
           'message': 'Văn bản mang mã đơn vị ' || d.unit_code || ', được tính cho ' || $unit::VARCHAR || ' theo danh mục đơn vị ngày ' || strftime($to::DATE, '%d/%m/%Y')
         }] ELSE [] END) AS notes
  FROM documents d
  JOIN codes c ON c.code = d.unit_code AND d.event_date BETWEEN c.doc_from AND c.doc_to
  JOIN stg_units u ON u.unit_code = d.unit_code
  LEFT JOIN ingest_files f ON f.run_id = d.run_id AND f.file_seq = d.file_seq
  WHERE d.security = 'normal'
    AND d.event_date BETWEEN $from::DATE AND least($to::DATE, $as_of::DATE)
    AND ($include_baseline::BOOLEAN OR d.event_date >= u.milestone)
  UNION ALL BY NAME
  SELECT d.* EXCLUDE (sender, key_hash), d.sender, s.milestone, f.name AS file, ['paper_to_office'] AS reasons
  FROM documents d
  JOIN sender_units k ON k.sender_key = lower(d.sender) AND k.unit_code = $unit::VARCHAR
  JOIN stg_units s ON s.unit_code = k.unit_code AND s.level = 'province'
  LEFT JOIN ingest_files f ON f.run_id = d.run_id AND f.file_seq = d.file_seq
  WHERE d.unit_code = $office::VARCHAR AND $unit::VARCHAR <> $office::VARCHAR
    AND d.direction = 'in' AND d.security = 'normal' AND d.channel = 'paper'
    AND d.event_date BETWEEN $from::DATE AND least($to::DATE, $as_of::DATE)
    AND d.event_date >= s.milestone
), matching AS (
  SELECT * FROM scope
  WHERE len(reasons) > 0 AND ($reason::VARCHAR IS NULL OR list_contains(reasons, $reason::VARCHAR))
)
SELECT
  unit_code, doc_id, direction, number, doc_type, strftime(doc_date, '%Y-%m-%d') AS doc_date,
  cds_iso(event_time) AS event_time, strftime(event_date, '%Y-%m-%d') AS event_date,
  channel, signed, strftime(deadline, '%Y-%m-%d') AS deadline, cds_iso(completed_time) AS completed_time, sender,
  reasons, coalesce(notes, []) AS notes, source_id, run_id::INTEGER AS run_id, file, row_no::DOUBLE AS row_no,
  -- not count(*) OVER (): DuckDB 1.5.5's parallel window intermittently fails on it with an
  -- internal error that invalidates the database until a restart (duckdb/duckdb#25713)
  (SELECT count(*) FROM matching)::INTEGER AS total
FROM matching
ORDER BY event_time, doc_id
LIMIT $limit::INTEGER OFFSET $offset::INTEGER;
