-- Secrets never leave the server (README: Security). A run's error is what every user who
-- may see the run log sees; what an upstream server answered goes apart, into
-- error_detail, for administrators only.
ALTER TABLE ingest_runs ADD COLUMN error_detail VARCHAR;
ALTER TABLE source_state ADD COLUMN last_error_detail VARCHAR;

-- Runs recorded before this release kept source URLs whole in their errors, with user info
-- and query values: take out the user info and mask every query value.
UPDATE ingest_runs SET error = regexp_replace(
    regexp_replace(error, '([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s"''<>]*@', '\1', 'g'),
    '([?&][^=&#\s"''<>]+)=(?:[^&#\s"''<>]*[^&#\s"''<>.,;:)\]])?', '\1=***', 'g')
WHERE error LIKE '%://%';
UPDATE source_state SET last_error = regexp_replace(
    regexp_replace(last_error, '([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s"''<>]*@', '\1', 'g'),
    '([?&][^=&#\s"''<>]+)=(?:[^&#\s"''<>]*[^&#\s"''<>.,;:)\]])?', '\1=***', 'g')
WHERE last_error LIKE '%://%';

-- The names of HTTP pages were the request URL (without user info) and its whole query:
-- every query value but the paging parameters is masked, as redact.ts does now.
CREATE TEMP MACRO cds_redact_page_name(n) AS
  CASE WHEN position('?' IN n) = 0 THEN n ELSE
    split_part(n, '?', 1) || '?' || array_to_string(list_transform(string_split(substr(n, position('?' IN n) + 1), '&'),
      p -> CASE WHEN split_part(p, '=', 1) IN ('since', 'page', 'page_size') OR position('=' IN p) = 0 THEN p ELSE split_part(p, '=', 1) || '=***' END), '&')
  END;
UPDATE ingest_files SET name = cds_redact_page_name(name) WHERE name LIKE '%://%?%';
UPDATE quarantine SET file = cds_redact_page_name(file) WHERE file LIKE '%://%?%';
DROP MACRO cds_redact_page_name;
