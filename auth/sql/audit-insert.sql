INSERT INTO audit_log VALUES (now(), $actor::VARCHAR, $action, $target::VARCHAR, $ip::VARCHAR, $details::VARCHAR);
