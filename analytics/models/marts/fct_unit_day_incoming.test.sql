-- test: fct_unit_day_incoming_unique_key
SELECT unit_code, event_date, is_baseline, deadline, completed_date FROM fct_unit_day_incoming GROUP BY ALL HAVING count(*) > 1;

-- test: fct_unit_day_incoming_reconciles_with_documents
SELECT * FROM (
  SELECT (SELECT coalesce(sum(n), 0) FROM fct_unit_day_incoming) AS mart,
         (SELECT count(*) FROM documents WHERE direction = 'in' AND security = 'normal' AND deadline IS NOT NULL) AS raw
) WHERE mart <> raw;
