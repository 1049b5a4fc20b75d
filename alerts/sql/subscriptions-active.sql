-- Active subscriptions of accounts that still exist, with what bounds them.
SELECT s.subscription_id, s.username, s.rule_id, s.channel, s.target, s.mode, s.digest_hour, s.unsubscribe_token,
       u.role, u.team_id, u.unit_code
FROM subscriptions s JOIN users u USING (username)
WHERE s.active
ORDER BY s.subscription_id;
