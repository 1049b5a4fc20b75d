-- Documents with their data notes, and one more note where the document carries a unit code
-- that had ended by its business date (issue 17; README, "The map changes"): exports from
-- systems not yet updated are ordinary, and such a document counts for the code's main
-- successor on that date (unit_map, via_successor), or, without one, for the province
-- alone. The note is computed from the registry when read, so an edit of the map files
-- changes it at the next start. The data-quality view (analytics/queries/data-notes*.sql)
-- reads this view.
CREATE OR REPLACE VIEW stg_documents_noted AS
WITH ended AS (
  -- the dates on which each code was not in force, and where its documents went then
  SELECT m.code, m.doc_from, m.doc_to, any_value(m.area) FILTER (WHERE m.area_kind = 'unit') AS successor
  FROM unit_map m
  WHERE m.via_successor AND m.map_from = m.doc_from
  GROUP BY ALL
), notes AS (
  SELECT d.unit_code, d.doc_id,
         {'field': 'unit_code', 'code': CASE WHEN e.successor IS NULL THEN 'unit_ended_no_successor' ELSE 'unit_ended_counted_for_successor' END,
          'message': 'Mã đơn vị ' || d.unit_code || coalesce(' (' || o.name || ')', '') || ' đã chấm dứt từ ngày ' || strftime(o.valid_to + 1, '%d/%m/%Y')
                     || CASE WHEN e.successor IS NULL THEN ': văn bản chỉ được tính vào số liệu toàn tỉnh'
                             ELSE ': văn bản được tính cho đơn vị kế thừa ' || coalesce(s.name || ' ', '') || '(' || e.successor || ')' END} AS note
  FROM documents d
  JOIN ended e ON e.code = d.unit_code AND d.event_date BETWEEN e.doc_from AND e.doc_to
  LEFT JOIN unit_versions o ON o.code = d.unit_code AND o.valid_to < d.event_date
  LEFT JOIN unit_versions s ON s.code = e.successor AND d.event_date BETWEEN s.valid_from AND s.valid_to
  QUALIFY row_number() OVER (PARTITION BY d.unit_code, d.doc_id ORDER BY o.valid_to DESC) = 1
)
SELECT d.* REPLACE (CASE WHEN n.note IS NULL THEN d.notes ELSE list_append(coalesce(d.notes, []), n.note) END AS notes)
FROM documents d
LEFT JOIN notes n USING (unit_code, doc_id);
