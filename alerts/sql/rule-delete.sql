DELETE FROM alert_rules WHERE rule_id = $rule_id RETURNING rule_id;
