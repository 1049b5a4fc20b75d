-- In the migration's own transaction: applied with it, or not at all.
INSERT INTO schema_migrations VALUES ($version, now());
