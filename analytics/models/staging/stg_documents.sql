-- One row per document as the indicators see it: flags instead of codes. No joins here.

-- The same for the rows of `source`, the name of a relation with the columns of documents:
-- documents itself here; in an incremental build (models/incremental/changes.sql) the
-- versions the runs set and the versions they replaced (document_history), whose
-- difference it adds to the marts. One definition for both.
CREATE OR REPLACE MACRO stg_documents_of(source) AS TABLE
SELECT
  unit_code,
  doc_id,
  direction,
  event_date,
  security <> 'normal' AS is_secret,
  -- "sent electronically": channel electronic, or electronic alongside paper
  -- no channel or no signed value recorded (an empty cell, kept with a note): not electronic,
  -- not signed (ingest/mapping/field-rules.ts: missing data never raises a rate)
  coalesce(channel IN ('electronic', 'both'), false) AS is_electronic,
  coalesce(signed, false) AS is_signed,
  -- on paper only, as recorded (an empty channel is not a record of paper)
  coalesce(channel = 'paper', false) AS is_paper,
  deadline,
  completed_date,
  -- incoming (migration 009): the sender as written, and whether the document was handled as
  -- an electronic work file (NULL: the export did not carry the field, not recorded)
  sender,
  processed_electronic
FROM query_table(source);

CREATE OR REPLACE VIEW stg_documents AS
SELECT * FROM stg_documents_of('documents');
