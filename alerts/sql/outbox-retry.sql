UPDATE outbox SET attempts = attempts + 1, last_error = $error, next_attempt_at = $next::TIMESTAMPTZ, sending_at = NULL,
  status = CASE WHEN attempts + 1 >= $max_attempts::INTEGER THEN 'failed' ELSE 'pending' END
WHERE message_id = $message_id AND status = 'pending'
RETURNING status;
