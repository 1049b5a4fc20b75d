-- Documents with the unit's level and milestone: before the milestone a document is
-- baseline, from it on it is in the required phase (100 % expected).

-- The same for the documents of `source`, the name of a relation with the columns of
-- stg_documents: stg_documents itself here; in an incremental build the versions the runs
-- set and those they replaced (models/incremental/changes.sql), narrowed before the join
-- (DuckDB would otherwise join every document first). One definition for both.
CREATE OR REPLACE MACRO int_documents_scoped_of(source) AS TABLE
SELECT
  d.*,
  u.level,
  u.district_code,
  u.milestone,
  d.event_date < u.milestone AS is_baseline
FROM query_table(source) d
JOIN stg_units u USING (unit_code);

CREATE OR REPLACE VIEW int_documents_scoped AS
SELECT * FROM int_documents_scoped_of('stg_documents');
