-- The cross-check of self-reports (receipts_on_paper_from_unit): for each unit of the
-- registry, the paper receipts that other units logged from it (fct_unit_day_paper_from,
-- paper_sent_to_office.sql), against what its own register says it sent in the same scope
-- (unit_counts). Receipts count in the sender's phase (from the sender's milestone on in the
-- required phase), by the day the recipient logged them. A unit is contradicted when its own
-- export claims 100 % sent electronically (out_total > 0, out_electronic = out_total) while
-- its recipients logged paper from it. (One outgoing document sent to several recipients on
-- paper is several receipts, so more receipts than the unit's own paper is not, alone, a
-- contradiction.)
-- The receipts alone: per sending unit of the registry, the paper receipts other units
-- logged from it in scope, and from how many recipients.
CREATE OR REPLACE MACRO receipts_on_paper_by_sender(d_from, d_to, as_of, phase) AS TABLE
WITH scope AS (
  SELECT d_from::DATE AS lo, least(d_to::DATE, as_of::DATE) AS hi, phase::VARCHAR AS phase
)
SELECT f.sender_code AS unit_code, sum(f.n) AS receipts_on_paper, count(DISTINCT f.unit_code) AS recipients
FROM fct_unit_day_paper_from f, scope s
WHERE f.sender_code IS NOT NULL AND f.sender_code <> f.unit_code
  AND f.event_date BETWEEN s.lo AND s.hi
  AND (s.phase = 'all' OR (s.phase = 'required') = f.sender_due)
GROUP BY ALL;

CREATE OR REPLACE MACRO receipts_on_paper_from_unit(d_from, d_to, as_of, phase) AS TABLE
WITH receipts AS (
  FROM receipts_on_paper_by_sender(d_from, d_to, as_of, phase)
)
SELECT
  c.unit_code,
  c.out_total,
  c.out_electronic,
  (c.out_total - c.out_electronic)::BIGINT AS out_not_electronic,
  coalesce(r.receipts_on_paper, 0)::BIGINT AS receipts_on_paper,
  coalesce(r.recipients, 0)::BIGINT AS recipients,
  c.out_total > 0 AND c.out_electronic = c.out_total AND coalesce(r.receipts_on_paper, 0) > 0 AS contradicted
FROM unit_counts(d_from, d_to, as_of, phase) c
LEFT JOIN receipts r USING (unit_code);
