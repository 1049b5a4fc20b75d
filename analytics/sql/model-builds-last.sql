-- The last build that committed: the runs the figures hold and what they were built from.
SELECT last_run, models_hash, reference_hash FROM model_builds ORDER BY build_id DESC LIMIT 1;
