-- The migrations a warehouse has seen (warehouse/migrate.ts): a file's name, once applied.
CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL);
