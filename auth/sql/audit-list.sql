SELECT cds_iso(occurred_at) AS at, actor, action, target, ip, details
FROM audit_log
WHERE $action::VARCHAR IS NULL OR action = $action::VARCHAR
ORDER BY occurred_at DESC
LIMIT $limit::INTEGER OFFSET $offset::INTEGER;
