-- The events waiting for the digests of the subscriptions whose hour it is.
SELECT i.subscription_id, i.alert_id, i.event, s.username, s.channel, s.target, s.unsubscribe_token,
       a.message, a.resolved_message, a.period, a.subject, r.name AS rule_name
FROM digest_items i
JOIN subscriptions s USING (subscription_id)
JOIN alerts a USING (alert_id)
LEFT JOIN alert_rules r ON r.rule_id = a.rule_id
WHERE i.message_id IS NULL AND s.active AND s.mode = 'digest' AND s.digest_hour = $hour::INTEGER
ORDER BY i.subscription_id, i.created_at, i.alert_id, i.event;
