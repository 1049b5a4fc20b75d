SELECT cds_iso(checked_at) AS checked_at FROM delivery_checks WHERE job = $job;
