INSERT INTO delivery_checks VALUES ($job, $now::TIMESTAMPTZ)
ON CONFLICT (job) DO UPDATE SET checked_at = greatest(delivery_checks.checked_at, excluded.checked_at);
