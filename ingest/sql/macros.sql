-- Parsing helpers for the load connection. Business time is $tz (Asia/Ho_Chi_Minh):
-- a time written without an offset is a local time there.

-- Text as received: trimmed of spaces, tabs, line breaks and no-break spaces; empty is NULL.
CREATE OR REPLACE TEMP MACRO cds_text(s) AS nullif(trim(s, ' ' || chr(9) || chr(10) || chr(13) || chr(160)), '');

-- Key for matching coded values against value_map (case and Unicode form do not matter).
CREATE OR REPLACE TEMP MACRO cds_key(s) AS lower(nfc_normalize(s));

-- An instant: ISO 8601 with an offset (Z, +07, +0700, +07:00) as written; otherwise a
-- local date-time in tz, in the forms Vietnamese document systems export.
CREATE OR REPLACE TEMP MACRO cds_time(s, tz) AS CASE
  WHEN s IS NULL THEN NULL
  WHEN regexp_matches(s, '^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)$')
    -- DuckDB's cast wants seconds and an offset with minutes: add what is left out
    THEN try_cast(regexp_replace(regexp_replace(s, '^(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2})( ?[Zz+-])', '\1:00\2'), '([+-]\d{2})$', '\1:00') AS TIMESTAMPTZ)
  ELSE timezone(tz, try_strptime(s, [
    '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M',
    '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%f',
    '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M',
    '%H:%M %d/%m/%Y', '%H:%M:%S %d/%m/%Y',
    '%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y']))
END;

-- A business date: written as a date, or as a date-time whose local date is taken.
CREATE OR REPLACE TEMP MACRO cds_date(s, tz) AS coalesce(
  try_strptime(s, ['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y'])::DATE,
  (cds_time(s, tz) AT TIME ZONE tz)::DATE);

CREATE OR REPLACE TEMP MACRO cds_problem(f, c, m) AS {'field': f, 'code': c, 'message': m};

CREATE OR REPLACE TEMP MACRO cds_quote(s) AS '"' || left(s, 60) || CASE WHEN length(s) > 60 THEN '…"' ELSE '"' END;
