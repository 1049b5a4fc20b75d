SELECT o.message_id, o.kind, o.channel, o.target, o.subject, o.body_text, o.body_html, o.payload, o.attachments, o.attempts,
       s.unsubscribe_token, o.sending_at IS NOT NULL AS in_doubt
FROM outbox o LEFT JOIN subscriptions s USING (subscription_id)
WHERE o.status = 'pending' AND o.next_attempt_at <= $now::TIMESTAMPTZ
ORDER BY o.created_at, o.message_id
LIMIT $limit;
