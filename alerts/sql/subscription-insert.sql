INSERT INTO subscriptions VALUES ($subscription_id, $username, $rule_id::VARCHAR, $channel, $target, $mode, $digest_hour::INTEGER, $token, true, $now::TIMESTAMPTZ);
