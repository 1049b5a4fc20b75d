-- Data tests of receipts_on_paper_from_unit.sql.

-- test: receipts_on_paper_from_unit_consistent
-- scope: full
-- One row per unit of the registry; a contradicted unit claims 100 % and was logged on paper;
-- receipts in the required and baseline phases add up to all.
WITH a AS MATERIALIZED (FROM receipts_on_paper_from_unit(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'all')),
     -- the phases from the receipts alone (the macro's part that reads the phase of a receipt;
     -- through the whole macro, each would cost a pass of unit_counts over the marts)
     r AS (FROM receipts_on_paper_by_sender(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'required')),
     b AS (FROM receipts_on_paper_by_sender(DATE '2000-01-01', DATE '2100-01-01', DATE '2100-01-01', 'baseline'))
SELECT 'one_row_per_unit' AS "check", count(*) AS n FROM a HAVING count(*) <> (SELECT count(*) FROM stg_units) OR count(DISTINCT unit_code) <> count(*)
UNION ALL
SELECT 'contradicted', count(*) FROM a WHERE contradicted AND NOT (receipts_on_paper > 0 AND out_total > 0 AND out_electronic = out_total) HAVING count(*) > 0
UNION ALL
SELECT 'phases_add_up', (SELECT sum(receipts_on_paper) FROM a)
HAVING (SELECT sum(receipts_on_paper) FROM a) <> (SELECT sum(receipts_on_paper) FROM r) + (SELECT sum(receipts_on_paper) FROM b);
