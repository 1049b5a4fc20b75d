SELECT a.alert_id, a.rule_id, r.name AS rule_name, r.kind, a.subject, a.unit_code, a.period, a.state, a.value, a.message,
       cds_iso(a.raised_at) AS raised_at, cds_iso(a.resolved_at) AS resolved_at, a.resolved_message
FROM alerts a LEFT JOIN alert_rules r USING (rule_id)
WHERE ($state::VARCHAR IS NULL OR a.state = $state::VARCHAR)
ORDER BY a.raised_at DESC, a.alert_id
LIMIT $limit OFFSET $offset;
