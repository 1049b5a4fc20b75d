-- Directive 15 asks for the received and processed rates as well as the sent one, and the
-- Provincial Office refuses paper from provincial bodies: two optional fields of the export
-- contract (ingest/mapping/canonical.ts), for incoming documents.
--   sender                the sender as the register writes it (NFC): a registry code, or the
--                         name of a body outside the registry (a ministry); NULL when the
--                         export has no such column or the cell is empty
--   processed_electronic  handled as an electronic work file ("xử lý trên môi trường mạng");
--                         NULL when the export has no such column (the processed rate is then
--                         null for the document, never 0); an empty cell of the column is false
--                         with a note (ingest/mapping/field-rules.ts)
-- Documents loaded before this release have neither (NULL): old exports stay valid.
ALTER TABLE documents ADD COLUMN sender VARCHAR;
ALTER TABLE documents ADD COLUMN processed_electronic BOOLEAN;
ALTER TABLE document_history ADD COLUMN sender VARCHAR;
ALTER TABLE document_history ADD COLUMN processed_electronic BOOLEAN;
