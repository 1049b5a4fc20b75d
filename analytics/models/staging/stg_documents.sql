-- One row per document as the indicators see it: flags instead of codes. No joins here.
CREATE OR REPLACE VIEW stg_documents AS
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
FROM documents;
