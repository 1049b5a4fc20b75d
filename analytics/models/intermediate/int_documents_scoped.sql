-- Documents with the unit's level and milestone: before the milestone a document is
-- baseline, from it on it is in the required phase (100 % expected).
CREATE OR REPLACE VIEW int_documents_scoped AS
SELECT
  d.*,
  u.level,
  u.district_code,
  u.milestone,
  d.event_date < u.milestone AS is_baseline
FROM stg_documents d
JOIN stg_units u USING (unit_code);
