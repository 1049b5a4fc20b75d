-- A province's own warehouse holds documents; a national warehouse never does.
SELECT count(*)::DOUBLE AS documents FROM (SELECT 1 FROM documents LIMIT 1);
