SELECT subscription_id, username, rule_id, channel, target, mode, digest_hour, active, cds_iso(created_at) AS created_at
FROM subscriptions
WHERE ($username::VARCHAR IS NULL OR username = $username::VARCHAR)
ORDER BY username, created_at, subscription_id;
