UPDATE alerts SET state = $state, resolved_at = $now::TIMESTAMPTZ, resolved_message = $message::VARCHAR
WHERE alert_id = $alert_id AND state = 'open';
