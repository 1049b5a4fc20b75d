-- Notes kept on a document: what the load decided about a value the export left empty,
-- where the document still counts (an empty "signed" on an outgoing document counts as not
-- signed: the document carries no signature record). The same shape as quarantine.problems;
-- documents loaded before this release have none. The rules: ingest/mapping/field-rules.ts.
ALTER TABLE documents ADD COLUMN notes STRUCT(field VARCHAR, code VARCHAR, message VARCHAR)[] DEFAULT [];
ALTER TABLE document_history ADD COLUMN notes STRUCT(field VARCHAR, code VARCHAR, message VARCHAR)[] DEFAULT [];

-- The text encoding a file was read in when it was not UTF-8 (windows-1258: decoded to UTF-8
-- before reading; utf-16: read as it is). NULL for UTF-8 and for files loaded before.
ALTER TABLE ingest_files ADD COLUMN encoding VARCHAR;
