SELECT eml_file FROM outbox WHERE message_id = $message_id AND eml_file IS NOT NULL;
