-- Every source the warehouse has loaded from, with its last success (the data's freshness).
SELECT source_id AS id, cds_iso(last_success_at) AS last_success_at
FROM source_state
ORDER BY source_id;
