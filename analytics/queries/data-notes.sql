-- The documents behind data-notes-groups.sql, paged ($limit, $offset), optionally of one note
-- code ($code): each with its notes and the file and row it was loaded from, so the unit can
-- fill the cell in its register and export again.
SELECT d.unit_code, d.doc_id, d.direction, d.number, d.doc_type, strftime(d.event_date, '%Y-%m-%d') AS event_date,
       d.channel, d.signed, d.security, d.notes, d.source_id, d.run_id::INTEGER AS run_id, f.name AS file, d.row_no::DOUBLE AS row_no,
       count(*) OVER ()::INTEGER AS total
-- documents with a note for a unit code that had ended by their date, too (issue 17)
FROM stg_documents_noted d
LEFT JOIN ingest_files f ON f.run_id = d.run_id AND f.file_seq = d.file_seq
WHERE len(d.notes) > 0 AND d.event_date BETWEEN $from::DATE AND $to::DATE
  AND ($unit::VARCHAR IS NULL OR d.unit_code = $unit::VARCHAR)
  AND ($code::VARCHAR IS NULL OR list_contains(list_transform(d.notes, x -> x.code), $code::VARCHAR))
ORDER BY d.unit_code, d.event_time, d.doc_id
LIMIT $limit::INTEGER OFFSET $offset::INTEGER;
