INSERT INTO digest_items VALUES ($subscription_id, $alert_id, $event, $now::TIMESTAMPTZ, NULL)
ON CONFLICT DO NOTHING;
