SELECT alert_id, rule_id, subject, unit_code, period, state FROM alerts;
