-- Documents with the unit's level and milestone: before the milestone a document is
-- baseline, from it on it is in the required phase (100 % expected). A document of a unit
-- outside the registry has no row.
-- The marts fed by the documents (fct_unit_day_of and the other *_of macros) apply the same
-- rule to their groups rather than to every document: they group the documents by unit and
-- day first and join the registry after, which gives the same rows at a fraction of the
-- join's cost (the phase is a function of the unit and the day).
CREATE OR REPLACE VIEW int_documents_scoped AS
SELECT
  d.*,
  u.level,
  u.district_code,
  u.milestone,
  d.event_date < u.milestone AS is_baseline
FROM stg_documents d
JOIN stg_units u USING (unit_code);
