-- The months that have documents: the dashboard's default period is the last one.
SELECT strftime(min(event_date), '%Y-%m') AS first_month, strftime(max(event_date), '%Y-%m') AS last_month, count(*)::DOUBLE AS documents
FROM documents;
