-- The cross-check of self-reports, per unit of the registry (marts/receipts_on_paper_from_unit.sql),
-- with paper_to_office for the provincial bodies (marts/paper_sent_to_office.sql; $office:
-- settings provincialOffice). $unit narrows it to one unit. The contradicted units first.
WITH phase AS (
  SELECT CASE WHEN $include_baseline::BOOLEAN THEN 'all' ELSE 'required' END AS phase
)
SELECT
  u.unit_code AS code, u.name, u.level,
  x.out_total::DOUBLE AS out_total, x.out_electronic::DOUBLE AS out_electronic,
  cds_rate(x.out_electronic, x.out_total) AS sent_electronic_rate,
  x.receipts_on_paper::DOUBLE AS receipts_on_paper, x.recipients::DOUBLE AS recipients,
  coalesce(p.paper_to_office, 0)::DOUBLE AS paper_to_office,
  x.contradicted
FROM receipts_on_paper_from_unit($from::DATE, $to::DATE, $as_of::DATE, (SELECT phase FROM phase)) x
JOIN stg_units u USING (unit_code)
LEFT JOIN paper_sent_to_office($office::VARCHAR, $from::DATE, $to::DATE, $as_of::DATE) p USING (unit_code)
WHERE $unit::VARCHAR IS NULL OR u.unit_code = $unit::VARCHAR
ORDER BY x.contradicted DESC, x.receipts_on_paper DESC, CASE u.level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, u.unit_code;
