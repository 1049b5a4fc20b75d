UPDATE outbox SET sending_at = $now::TIMESTAMPTZ
WHERE message_id = $message_id AND status = 'pending'
RETURNING message_id;
