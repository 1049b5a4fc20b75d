-- paper_sent_to_office (Directive 15, point 4: from 22/5/2020 the Provincial Office takes
-- documents only electronically, no paper from the provincial bodies, state secrets aside):
-- per sending provincial body, the non-secret incoming documents on paper (channel paper, as
-- recorded) that the Provincial Office (settings provincialOffice, passed as `office`)
-- logged from it on or after the sender's milestone. They are the sender's violations
-- (reason paper_to_office, analytics/queries/violations.sql), listed with the document at
-- the receiving office. Paper logged before the sender's milestone is not a violation.

-- Which unit of the registry a register's "sender" names: its code (any case), or its name
-- when no other unit has that name (any case). Anything else is a body outside the registry.
CREATE OR REPLACE VIEW sender_units AS
SELECT lower(unit_code) AS sender_key, unit_code FROM stg_units
UNION ALL
SELECT lower(name), min(unit_code) FROM stg_units
WHERE lower(name) NOT IN (SELECT lower(unit_code) FROM stg_units)
GROUP BY lower(name) HAVING count(*) = 1;

-- Paper receipts per receiving unit, business day (the receiver's phase), sender: the sender
-- as a unit of the registry (NULL: outside it, or not recorded), whether it was recorded at
-- all, and whether the day is on or after the sending unit's milestone (sender_due). The
-- cross-check of self-reports (receipts_on_paper_from_unit.sql) reads it too.
-- (source: a relation with the columns of stg_documents.) The documents are grouped by
-- receiving unit, day and sender as written first, and the groups then joined to the
-- registry (the receiver's phase, as fct_unit_day_of does) and to sender_units, and
-- grouped again (several spellings can name one unit): the same rows as joining every
-- document, for a join and a lower() of the groups.
CREATE OR REPLACE MACRO fct_unit_day_paper_from_of(source) AS TABLE
SELECT
  g.unit_code,
  g.event_date,
  g.event_date < r.milestone AS is_baseline,
  k.unit_code AS sender_code,
  g.sender IS NOT NULL AS sender_recorded,
  coalesce(g.event_date >= s.milestone, false) AS sender_due,
  sum(g.n)::INTEGER AS n
FROM (
  SELECT unit_code, event_date, sender, count(*) AS n
  FROM query_table(source)
  WHERE direction = 'in' AND NOT is_secret AND is_paper
  GROUP BY ALL
) g
JOIN stg_units r ON r.unit_code = g.unit_code
LEFT JOIN sender_units k ON k.sender_key = lower(g.sender)
LEFT JOIN stg_units s ON s.unit_code = k.unit_code
GROUP BY ALL;

CREATE OR REPLACE TABLE fct_unit_day_paper_from AS
SELECT * FROM fct_unit_day_paper_from_of('stg_documents')
ORDER BY unit_code, event_date;

-- Per provincial body (but the office itself), the paper the office logged from it in
-- [d_from, d_to] by the end of as_of, on or after its milestone: paper_to_office.
CREATE OR REPLACE MACRO paper_sent_to_office(office, d_from, d_to, as_of) AS TABLE
WITH scope AS (
  SELECT d_from::DATE AS lo, least(d_to::DATE, as_of::DATE) AS hi, office::VARCHAR AS office
), paper AS (
  SELECT f.sender_code, sum(f.n) AS n
  FROM fct_unit_day_paper_from f, scope s
  WHERE f.unit_code = s.office AND f.sender_due AND f.event_date BETWEEN s.lo AND s.hi
  GROUP BY ALL
)
SELECT u.unit_code, coalesce(p.n, 0)::BIGINT AS paper_to_office
FROM stg_units u
CROSS JOIN scope s
LEFT JOIN paper p ON p.sender_code = u.unit_code
WHERE u.level = 'province' AND u.unit_code <> s.office;

-- What the office logged on paper in the same scope that cannot be attributed (its
-- completeness): without a sender at all, and from bodies outside the registry.
CREATE OR REPLACE MACRO paper_at_office_unattributed(office, d_from, d_to, as_of) AS TABLE
WITH scope AS (
  SELECT d_from::DATE AS lo, least(d_to::DATE, as_of::DATE) AS hi, office::VARCHAR AS office
)
SELECT coalesce(sum(f.n) FILTER (WHERE NOT f.sender_recorded), 0)::BIGINT AS without_sender,
       coalesce(sum(f.n) FILTER (WHERE f.sender_recorded AND f.sender_code IS NULL), 0)::BIGINT AS outside_registry
FROM fct_unit_day_paper_from f, scope s
WHERE f.unit_code = s.office AND NOT f.is_baseline AND f.event_date BETWEEN s.lo AND s.hi;
