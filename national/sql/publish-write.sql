-- Writes publication_counts (publish-counts.sql) and the registry as Parquet under $dir,
-- Hive-partitioned: counts/province=38/year=2025/month=08/…, registry/province=38/….
-- $dir is a new, empty staging folder of the publisher's (national/publish.ts moves it in place).
COPY (SELECT * FROM publication_counts ORDER BY province, year, month, unit_code, phase)
TO $counts_dir (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (province, year, month));

COPY (
  SELECT $province::VARCHAR AS province, v.code, v.valid_from, v.valid_to, v.name, v.short_name, v.level, v.kind, v.parent_code, m.milestone
  FROM unit_versions v LEFT JOIN milestones m ON m.level = v.level
  ORDER BY v.code, v.valid_from
) TO $registry_dir (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (province));
