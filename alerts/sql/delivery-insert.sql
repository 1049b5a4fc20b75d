INSERT INTO deliveries VALUES ($delivery_key, $kind, $period, $now::TIMESTAMPTZ, $messages::INTEGER);
