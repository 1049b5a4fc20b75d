UPDATE digest_items SET message_id = $message_id WHERE subscription_id = $subscription_id AND alert_id = $alert_id AND event = $event AND message_id IS NULL;
