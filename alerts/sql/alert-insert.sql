INSERT INTO alerts VALUES ($alert_id, $rule_id, $subject, $unit_code::VARCHAR, $period, 'open', $value::DOUBLE, $message, $now::TIMESTAMPTZ, NULL, NULL);
