-- One simulated province's publication for the national roll-up's benchmark (bench/national.ts),
-- from a real province's publication ($counts, $registry: its Parquet files): the same
-- units and months under the province code $province, every count times $volume (a larger
-- or smaller province), the numerators times $quality too (a province doing better or worse;
-- numerators never above their denominators; the documents taken from on time are late).
COPY (
  WITH c AS (
    SELECT * FROM read_parquet($counts::VARCHAR[], hive_partitioning = true, hive_types_autocast = false)
  ), scaled AS (
    SELECT * REPLACE (
      $province::VARCHAR AS province,
      out_total * $volume AS out_total,
      floor(out_electronic * $volume * $quality)::BIGINT AS out_electronic,
      floor(out_signed * $volume * $quality)::BIGINT AS out_signed,
      floor(in_on_time * $volume * $quality)::BIGINT AS in_on_time,
      in_late * $volume + (in_on_time * $volume - floor(in_on_time * $volume * $quality)::BIGINT) AS in_late,
      in_pending * $volume AS in_pending,
      secret_excluded * $volume AS secret_excluded,
      in_total * $volume AS in_total,
      floor(in_electronic * $volume * $quality)::BIGINT AS in_electronic,
      in_completed * $volume AS in_completed,
      floor(in_processed_electronic * $volume * $quality)::BIGINT AS in_processed_electronic,
      in_completed_unrecorded * $volume AS in_completed_unrecorded,
      quarantined_rows * $volume AS quarantined_rows,
      quarantined_as_out * $volume AS quarantined_as_out,
      quarantined_as_late * $volume AS quarantined_as_late,
      quarantined_as_in * $volume AS quarantined_as_in,
      quarantined_as_completed * $volume AS quarantined_as_completed)
    FROM c
  )
  SELECT * REPLACE (out_total - out_electronic AS not_electronic, out_total - out_signed AS not_signed, in_late AS late)
  FROM scaled
) TO $counts_dir (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (province, year, month));

COPY (
  SELECT * REPLACE ($province::VARCHAR AS province)
  FROM read_parquet($registry::VARCHAR[], hive_partitioning = true, hive_types_autocast = false)
) TO $registry_dir (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (province));
