-- Helpers stored with the database, usable by every query.

-- An instant as ISO 8601 in UTC, for JSON.
CREATE MACRO cds_iso(t) AS strftime(t AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ');
