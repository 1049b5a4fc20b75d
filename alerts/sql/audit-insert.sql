-- the audit log's row of a send, in the send's own transaction (auth/sql/audit-insert.sql's shape)
INSERT INTO audit_log VALUES (now(), NULL, $action, $target::VARCHAR, NULL, $details::VARCHAR);
