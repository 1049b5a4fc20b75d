-- Replaces the units registry from the configured CSV ($path), deriving each unit's district.
DELETE FROM units;
INSERT INTO units
SELECT
  trim(code), nfc_normalize(trim(name)), nfc_normalize(trim(short_name)), trim(level),
  nfc_normalize(trim(kind)), trim(parent_code),
  CASE trim(level) WHEN 'district' THEN trim(code) WHEN 'commune' THEN trim(parent_code) END
FROM read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
              columns = {'code': 'VARCHAR', 'name': 'VARCHAR', 'short_name': 'VARCHAR', 'level': 'VARCHAR',
                         'kind': 'VARCHAR', 'parent_code': 'VARCHAR'});
