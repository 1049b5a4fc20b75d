-- test: fct_unit_day_unique_key
SELECT unit_code, event_date, is_baseline FROM fct_unit_day GROUP BY ALL HAVING count(*) > 1;

-- test: fct_unit_day_counts_bounded
SELECT * FROM fct_unit_day
WHERE out_total < 0 OR out_electronic NOT BETWEEN 0 AND out_total OR out_signed NOT BETWEEN 0 AND out_total OR secret < 0;

-- test: fct_unit_day_reconciles_with_documents
SELECT * FROM (
  SELECT (SELECT coalesce(sum(out_total), 0) FROM fct_unit_day) AS mart_out,
         (SELECT count(*) FROM documents WHERE direction = 'out' AND security = 'normal') AS raw_out,
         (SELECT coalesce(sum(out_electronic), 0) FROM fct_unit_day) AS mart_electronic,
         (SELECT count(*) FROM documents WHERE direction = 'out' AND security = 'normal' AND channel IN ('electronic', 'both')) AS raw_electronic,
         (SELECT coalesce(sum(out_signed), 0) FROM fct_unit_day) AS mart_signed,
         (SELECT count(*) FROM documents WHERE direction = 'out' AND security = 'normal' AND signed) AS raw_signed,
         (SELECT coalesce(sum(secret), 0) FROM fct_unit_day) AS mart_secret,
         (SELECT count(*) FROM documents WHERE security <> 'normal') AS raw_secret
) WHERE mart_out <> raw_out OR mart_electronic <> raw_electronic OR mart_signed <> raw_signed OR mart_secret <> raw_secret;
