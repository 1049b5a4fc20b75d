-- A file of a run: what it was called, its format, the SHA-256 and size of the bytes kept
-- in the archive, where, and how many rows it held and how many went to quarantine.
INSERT INTO ingest_files VALUES ($run_id, $file_seq, $name, $format, $sha256, $bytes, $archive_path, $received, $quarantined, $encoding);
