UPDATE subscriptions SET active = false WHERE unsubscribe_token = $token RETURNING subscription_id, username, channel, target;
