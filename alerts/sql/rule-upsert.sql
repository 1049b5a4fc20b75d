INSERT INTO alert_rules VALUES ($rule_id, $kind, $name, $params, $enabled, $origin, $now::TIMESTAMPTZ, $by::VARCHAR)
ON CONFLICT (rule_id) DO UPDATE SET kind = excluded.kind, name = excluded.name, params = excluded.params,
  enabled = excluded.enabled, origin = excluded.origin, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
