-- The data-quality view: documents that carry data notes (documents.notes, what the load
-- decided about an empty or unreadable value: ingest/mapping/field-rules.ts), counted per
-- unit, field and note, for business dates $from..$to and one unit ($unit) or all (NULL).
-- `example` is one of the notes' messages (they differ only where they quote a value).
WITH noted AS (
  SELECT unit_code, unnest(notes) AS note
  -- documents with a note for a unit code that had ended by their date, too (issue 17)
  FROM stg_documents_noted
  WHERE len(notes) > 0 AND event_date BETWEEN $from::DATE AND $to::DATE
    AND ($unit::VARCHAR IS NULL OR unit_code = $unit::VARCHAR)
)
SELECT n.unit_code, u.name AS unit_name, n.note.field AS field, n.note.code AS code,
       min(n.note.message) AS example, count(*)::INTEGER AS documents
FROM noted n
LEFT JOIN units u ON u.code = n.unit_code
GROUP BY ALL
ORDER BY n.unit_code, field, code;
