UPDATE outbox SET status = 'sent', sent_at = $now::TIMESTAMPTZ, attempts = attempts + 1, last_error = NULL, eml_file = $eml_file::VARCHAR, sending_at = NULL
WHERE message_id = $message_id AND status = 'pending';
