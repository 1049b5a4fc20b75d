-- The work list of an inspection: the documents that pull down the rates of the units in
-- $units, in the order of $units, then by time: /api/violations for many units in one pass
-- instead of one page of one unit, with the same rule (cds_violation_reasons, rules.sql);
-- reports/inspection.test.ts checks that both list the same documents.
--
-- A document is listed under the unit it counts for on the map in force on $to (issue 17):
-- a document carrying an ended code under its successor (unit_code and listed_for the
-- successor's), with a note saying so.
--
-- Built for 100,000 documents out of millions, in two steps: which documents break the rule
-- (from the few columns the rule reads; $units is joined as a table, its first position
-- ordering the list, rather than searched once per document), then the columns the list
-- shows, of those documents only (by rowid). Each document is one JSON array, [unit_code,
-- doc_id, direction, number, doc_type, doc_date, event_date, deadline, completed_time,
-- reasons, file, row_no, notes, source_id, event_time] (dates YYYY-MM-DD, completed_time and event_time ISO 8601 UTC, reasons the
-- codes comma-separated, notes the messages of the document's data notes joined by "; ", or
-- null, listed_for the unit whose violation it is): one string to hand over to JavaScript
-- rather than sixteen values.
--
-- A provincial body's violations also hold paper_to_office (as /api/violations,
-- analytics/queries/violations.sql): the incoming documents on paper that the Provincial
-- Office ($office) logged from it on or after its milestone, listed under the body (its
-- position in $units; listed_for the body) as they are at the office (unit_code the office's,
-- its file and row).
WITH listed AS (
  -- each unit of $units with its first position and its milestone (stg_units holds one row
  -- per unit); grouped here, before the documents are joined, so that the planner reckons
  -- with a few hundred units even when the registry's tables carry the deleted rows of many
  -- reloads (it then took the 100,000 documents for the larger side of the last join, and
  -- built a hash table of every document, three times the memory)
  SELECT l.unit_code, min(l.pos) AS pos, min(u.milestone) AS milestone
  FROM (SELECT unnest($units::VARCHAR[]) AS unit_code, generate_subscripts($units::VARCHAR[], 1) AS pos) l
  JOIN stg_units u ON u.unit_code = l.unit_code
  GROUP BY l.unit_code
), codes AS (
  -- the codes whose documents count for each listed unit on the map the figures are pooled
  -- on (issue 17, unit_map on $to): its own, and on their dates those of the ended codes it
  -- succeeded and of the units whose history it took; each document is listed under the
  -- unit it counts for, as in the figures
  SELECT l.unit_code, l.pos, l.milestone, m.code, m.doc_from, m.doc_to
  FROM listed l
  JOIN unit_map m ON m.area_kind = 'unit' AND m.area = l.unit_code AND $to::DATE BETWEEN m.map_from AND m.map_to
), breaking AS (
  SELECT d.rowid AS id, l.pos, l.unit_code AS listed_for,
         cds_violation_reasons(d.direction, d.channel, d.signed, d.deadline, d.completed_date, $as_of::DATE) AS reasons
  FROM documents d
  JOIN codes l ON l.code = d.unit_code AND d.event_date BETWEEN l.doc_from AND l.doc_to
  WHERE d.security = 'normal'
    AND d.event_date BETWEEN $from::DATE AND least($to::DATE, $as_of::DATE)
    AND ($include_baseline::BOOLEAN OR d.event_date >= l.milestone)
  UNION ALL
  -- paper at the Provincial Office from a listed provincial body, after the body's milestone
  SELECT d.rowid, l.pos, l.unit_code, ['paper_to_office']
  FROM documents d
  JOIN sender_units k ON k.sender_key = lower(d.sender)
  JOIN listed l ON l.unit_code = k.unit_code
  JOIN stg_units s ON s.unit_code = k.unit_code AND s.level = 'province'
  WHERE d.unit_code = $office::VARCHAR AND k.unit_code <> $office::VARCHAR
    AND d.direction = 'in' AND d.security = 'normal' AND d.channel = 'paper'
    AND d.event_date BETWEEN $from::DATE AND least($to::DATE, $as_of::DATE)
    AND d.event_date >= l.milestone
)
SELECT
  json_array(
    -- the unit it counts for; a paper_to_office document as it is at the office
    CASE WHEN b.reasons = ['paper_to_office'] THEN d.unit_code ELSE b.listed_for END, d.doc_id, d.direction, d.number, d.doc_type, strftime(d.doc_date, '%Y-%m-%d'),
    strftime(d.event_date, '%Y-%m-%d'), strftime(d.deadline, '%Y-%m-%d'), cds_iso(d.completed_time),
    array_to_string(b.reasons, ','), f.name, d.row_no,
    nullif(array_to_string(list_concat(
      list_transform(coalesce(d.notes, []), x -> x.message),
      CASE WHEN d.unit_code <> b.listed_for AND b.reasons <> ['paper_to_office'] THEN ['Văn bản mang mã đơn vị ' || d.unit_code || ', được tính cho ' || b.listed_for || ' theo danh mục đơn vị ngày ' || strftime($to::DATE, '%d/%m/%Y')] ELSE [] END
    ), '; '), ''),
    d.source_id, cds_iso(d.event_time), b.listed_for
  )::VARCHAR AS doc
FROM breaking b
JOIN documents d ON d.rowid = b.id
LEFT JOIN ingest_files f ON f.run_id = d.run_id AND f.file_seq = d.file_seq
WHERE len(b.reasons) > 0
ORDER BY b.pos, d.event_time, d.doc_id;
