-- The audit log's row of a roll-up or a withdrawal (auth/sql/audit-insert.sql's shape), in
-- the change's own transaction: the log says who changed which province's counts, and how.
INSERT INTO audit_log VALUES (now(), $actor::VARCHAR, $action::VARCHAR, $target::VARCHAR, NULL, $details::VARCHAR);
