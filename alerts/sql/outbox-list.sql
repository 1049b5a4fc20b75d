SELECT message_id, kind, channel, target, username, alert_id, subject, status, attempts,
       cds_iso(created_at) AS created_at, cds_iso(next_attempt_at) AS next_attempt_at, cds_iso(sent_at) AS sent_at, last_error, eml_file,
       json_array_length(attachments)::INTEGER AS attachments
FROM outbox
WHERE ($status::VARCHAR IS NULL OR status = $status::VARCHAR)
ORDER BY created_at DESC, message_id
LIMIT $limit OFFSET $offset;
