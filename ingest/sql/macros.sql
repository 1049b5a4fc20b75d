-- Parsing helpers for the load connection, written for speed: they run on every field of
-- every row (10 M rows in a few seconds), so the common forms take the cheapest path and
-- the rarer forms are tried only where the common one failed.

-- Business time. A time written without an offset is a local time in Vietnam.
SET TimeZone = 'Asia/Ho_Chi_Minh';

-- NFC form, paying for normalisation only where combining marks (NFD input) are present,
-- and not even looking for them in ASCII text (as many bytes as characters).
CREATE OR REPLACE TEMP MACRO cds_nfc(s) AS CASE
  WHEN strlen(s) = length(s) THEN s
  WHEN regexp_matches(s, '[\x{0300}-\x{036F}]') THEN nfc_normalize(s)
  ELSE s
END;

-- Key for matching coded values against value_map (case and Unicode form do not matter).
CREATE OR REPLACE TEMP MACRO cds_key(s) AS lower(cds_nfc(s));

-- An instant. ISO 8601 with an offset is taken as written; ISO without one is read in the
-- session time zone (Vietnam) by the same cast (once: COALESCE evaluates the fallback only
-- for the rows the cast failed on). Then the forms the cast does not know:
-- an offset without minutes or a time without seconds (2020-05-22 01:30+07), and the
-- day-first forms Vietnamese systems export (22/05/2020 08:30, 08:30 22/05/2020).
CREATE OR REPLACE TEMP MACRO cds_time_other(s) AS CASE
  WHEN s IS NULL THEN NULL
  WHEN regexp_matches(s, '^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)$')
    THEN try_cast(regexp_replace(regexp_replace(s, '^(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2})( ?[Zz+-])', '\1:00\2'), '([+-]\d{2})$', '\1:00') AS TIMESTAMPTZ)
  ELSE try_strptime(s, [
    '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M',
    '%H:%M %d/%m/%Y', '%H:%M:%S %d/%m/%Y', '%d/%m/%Y', '%d-%m-%Y'])::TIMESTAMPTZ
END;
CREATE OR REPLACE TEMP MACRO cds_time(s) AS coalesce(try_cast(s AS TIMESTAMPTZ), cds_time_other(s));

-- The business date of an instant. Asia/Ho_Chi_Minh has been UTC+7 without daylight
-- saving since 1975, so a fixed shift gives the same date as an ICU conversion (a test
-- checks this) at a third of the cost.
CREATE OR REPLACE TEMP MACRO cds_local_date(t) AS make_timestamp(epoch_us(t) + 25200000000)::DATE;

-- A business date: written as a date, or as a date-time whose local date is taken.
CREATE OR REPLACE TEMP MACRO cds_date_other(s) AS CASE
  WHEN s IS NULL THEN NULL
  ELSE coalesce(try_strptime(s, ['%d/%m/%Y', '%d-%m-%Y'])::DATE, cds_local_date(cds_time(s)))
END;
CREATE OR REPLACE TEMP MACRO cds_date(s) AS coalesce(CASE WHEN length(s) = 10 THEN try_cast(s AS DATE) END, cds_date_other(s));

CREATE OR REPLACE TEMP MACRO cds_problem(f, c, m) AS {'field': f, 'code': c, 'message': m};

CREATE OR REPLACE TEMP MACRO cds_quote(s) AS '"' || left(s, 60) || CASE WHEN length(s) > 60 THEN '…"' ELSE '"' END;

-- A problem for a value that holds U+FFFD: a character lost before the value reached us.
CREATE OR REPLACE TEMP MACRO cds_damaged(f, s) AS CASE WHEN contains(s, chr(65533)) THEN cds_problem(f, 'replacement_character',
  f || ' ' || cds_quote(s) || ' holds the character � (U+FFFD): a character was lost before the value reached us (a wrong text encoding?); export the file again as UTF-8') END;
