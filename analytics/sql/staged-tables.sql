-- The tables a full build staged and did not publish (analytics/build.ts, dropStaged): those
-- of the warehouse $home whose names end with the staged suffix $suffix.
SELECT table_name AS name
FROM duckdb_tables()
WHERE database_name = $home AND schema_name = 'main' AND NOT temporary AND suffix(table_name, $suffix);
