-- Data tests: each query returns the rows that break the rule (none when it holds).

-- test: documents_unique_key
SELECT unit_code, doc_id, count(*) AS copies FROM documents GROUP BY ALL HAVING count(*) > 1;

-- test: documents_accepted_values
SELECT unit_code, doc_id, direction, security, channel FROM documents
WHERE direction NOT IN ('out', 'in')
   OR security NOT IN ('normal', 'secret', 'top_secret', 'absolute_secret')
   OR (channel IS NOT NULL AND channel NOT IN ('electronic', 'paper', 'both'))
   OR (direction = 'out' AND (channel IS NULL OR signed IS NULL));

-- test: documents_known_units
SELECT d.unit_code, count(*) FROM documents d ANTI JOIN units u ON u.code = d.unit_code GROUP BY ALL;

-- test: documents_local_dates
SELECT unit_code, doc_id FROM documents
WHERE event_date <> (event_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::DATE
   OR completed_date IS DISTINCT FROM (completed_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::DATE;
