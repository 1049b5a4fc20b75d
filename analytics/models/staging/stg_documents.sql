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
  deadline,
  completed_date
FROM documents;
