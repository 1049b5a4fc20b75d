-- A national warehouse holds provinces' published counts; a province's own never does (it
-- publishes to Parquet, not into its own national tables).
SELECT count(*)::DOUBLE AS provinces FROM (SELECT 1 FROM national_provinces LIMIT 1);
