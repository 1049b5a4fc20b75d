-- Units due to have documents (their level's milestone at least $days days before $as_of)
-- whose last document, as of $as_of, is older than $days days, or that have none.
SELECT u.code, u.name, max(d.event_date)::VARCHAR AS last_date
FROM units u
JOIN milestones m ON m.level = u.level
LEFT JOIN documents d ON d.unit_code = u.code AND d.event_date <= $as_of::DATE
WHERE ($level::VARCHAR IS NULL OR u.level = $level::VARCHAR)
  AND m.milestone <= $as_of::DATE - $days::INTEGER
GROUP BY u.code, u.name
HAVING max(d.event_date) IS NULL OR max(d.event_date) < $as_of::DATE - $days::INTEGER
ORDER BY u.code;
