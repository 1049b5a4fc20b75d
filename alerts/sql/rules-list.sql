SELECT rule_id, kind, name, params, enabled, origin, cds_iso(updated_at) AS updated_at, updated_by
FROM alert_rules ORDER BY rule_id;
