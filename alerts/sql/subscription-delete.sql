DELETE FROM subscriptions WHERE subscription_id = $subscription_id AND ($username::VARCHAR IS NULL OR username = $username::VARCHAR) RETURNING subscription_id;
