-- The months the national warehouse holds (the dashboard's default period is the last one).
SELECT strftime(min(month), '%Y-%m') AS first_month, strftime(max(month), '%Y-%m') AS last_month,
       coalesce((SELECT sum(out_total + in_total) FROM national_counts), 0)::DOUBLE AS documents
FROM national_months;
