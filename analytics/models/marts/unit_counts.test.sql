-- test: unit_counts_one_row_per_unit
SELECT * FROM (SELECT count(*) AS n, count(DISTINCT unit_code) AS d FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'all'))
WHERE n <> d OR n <> (SELECT count(*) FROM units);

-- test: unit_counts_rates_within_bounds
SELECT unit_code FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', current_date, 'all')
WHERE NOT (coalesce(cds_rate(out_electronic, out_total), 0) BETWEEN 0 AND 1
       AND coalesce(cds_rate(out_signed, out_total), 0) BETWEEN 0 AND 1
       AND coalesce(cds_rate(in_on_time, in_on_time + in_late), 0) BETWEEN 0 AND 1);

-- test: unit_counts_reconcile_with_documents
-- With everything in scope and an as_of after every date, the counts are those of the documents.
SELECT * FROM (
  SELECT sum(out_total) AS out_total, sum(in_on_time) AS on_time, sum(in_late) AS late, sum(in_pending) AS pending, sum(secret_excluded) AS secret
  FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'all')
) c, (
  SELECT count(*) FILTER (WHERE direction = 'out' AND security = 'normal') AS out_total,
         count(*) FILTER (WHERE direction = 'in' AND security = 'normal' AND completed_date <= deadline) AS on_time,
         count(*) FILTER (WHERE direction = 'in' AND security = 'normal' AND (completed_date > deadline OR (completed_date IS NULL AND deadline < DATE '2100-01-01'))) AS late,
         count(*) FILTER (WHERE direction = 'in' AND security = 'normal' AND completed_date IS NULL AND deadline >= DATE '2100-01-01') AS pending,
         count(*) FILTER (WHERE security <> 'normal') AS secret
  FROM documents
) d
WHERE c.out_total <> d.out_total OR c.on_time <> d.on_time OR c.late <> d.late OR c.pending <> d.pending OR c.secret <> d.secret;

-- test: unit_counts_phases_add_up
SELECT * FROM (
  SELECT (SELECT sum(out_total + in_on_time + in_late + in_pending + secret_excluded) FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', current_date, 'all')) AS all_phases,
         (SELECT sum(out_total + in_on_time + in_late + in_pending + secret_excluded) FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', current_date, 'required')) AS required,
         (SELECT sum(out_total + in_on_time + in_late + in_pending + secret_excluded) FROM unit_counts(DATE '2000-01-01', DATE '2100-01-01', current_date, 'baseline')) AS baseline
) WHERE all_phases <> required + baseline;
