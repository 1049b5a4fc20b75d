INSERT INTO outbox VALUES ($message_id, $kind, $channel, $target, $username::VARCHAR, $subscription_id::VARCHAR, $alert_id::VARCHAR,
  $subject, $body_text, $body_html, $payload, $attachments, 'pending', $now::TIMESTAMPTZ, 0, $now::TIMESTAMPTZ, NULL, NULL, NULL, NULL)
ON CONFLICT (message_id) DO NOTHING;
