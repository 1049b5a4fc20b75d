SELECT subscription_id, username, channel, target, active FROM subscriptions WHERE unsubscribe_token = $token;
