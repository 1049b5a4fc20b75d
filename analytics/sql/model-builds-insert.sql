INSERT INTO model_builds
SELECT coalesce(max(build_id), 0) + 1, now(), $kind, $first_run, $last_run, $models_hash, $reference_hash, $ms
FROM model_builds;
