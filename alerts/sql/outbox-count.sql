SELECT count(*)::INTEGER AS total FROM outbox WHERE ($status::VARCHAR IS NULL OR status = $status::VARCHAR);
