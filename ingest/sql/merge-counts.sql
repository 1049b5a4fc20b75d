-- Per file of the run: what it brought and what became of it.
-- received = loaded + updated + unchanged + quarantined for every file. A valid row that
-- is not in keyed is new (see merge-classify.sql).
SELECT f.file_seq::INTEGER AS file_seq,
  (coalesce(s.n, 0) + coalesce(r.n, 0))::BIGINT AS received,
  (coalesce(s.valid, 0) - coalesce(k.n, 0) + coalesce(k.loaded, 0))::BIGINT AS loaded,
  coalesce(k.updated, 0)::BIGINT AS updated,
  coalesce(k.unchanged, 0)::BIGINT AS unchanged,
  (coalesce(s.bad, 0) + coalesce(k.conflicts, 0) + coalesce(r.n, 0))::BIGINT AS quarantined
FROM batch_files f
LEFT JOIN (SELECT file_seq, count(*) AS n, count(*) FILTER (WHERE len(problems) = 0) AS valid,
                  count(*) FILTER (WHERE len(problems) > 0) AS bad
           FROM staged GROUP BY file_seq) s USING (file_seq)
LEFT JOIN (SELECT file_seq, count(*) AS n FROM raw_rejects GROUP BY file_seq) r USING (file_seq)
LEFT JOIN (SELECT file_seq, count(*) AS n,
                  count(*) FILTER (WHERE action = 'new') AS loaded,
                  count(*) FILTER (WHERE action = 'changed') AS updated,
                  count(*) FILTER (WHERE action IN ('same', 'duplicate')) AS unchanged,
                  count(*) FILTER (WHERE action = 'conflict') AS conflicts
           FROM keyed GROUP BY file_seq) k USING (file_seq)
ORDER BY f.file_seq;
