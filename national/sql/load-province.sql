-- The provinces' manifests (national/rollup.ts), all in one pass: their rows among the
-- provinces (the members of the provinces' ranking: national/sql/macros.sql). One entry per
-- province in $provinces, $names, … in the same order.
INSERT OR REPLACE INTO national_provinces
SELECT unnest($provinces::VARCHAR[]), unnest($names::VARCHAR[]), unnest($schema_versions::INTEGER[]), unnest($map_versions::VARCHAR[]),
       unnest($as_ofs::DATE[]), unnest($published::TIMESTAMPTZ[]), now(), unnest($registry_hashes::VARCHAR[]);
