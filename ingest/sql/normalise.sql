-- Turns the text rows of one file (temp view raw_batch: file_seq, row_no, row_error and the
-- twelve canonical columns as trimmed text, NULL when empty) into typed rows appended to
-- temp table staged_rows, each with the list of problems that keep it out of the warehouse.
-- Parameters: $now (the load's start: nothing can have happened after it, give or take a
-- day of clock skew), $min_date (the earliest plausible date) and, per coded field, the accepted spellings ($<field>_keys), what each means
-- ($<field>_values) and whether the canonical spellings mean themselves ($<field>_canonical:
-- most rows use them, and then skip the search).
-- What an empty value means (ingest/mapping/field-rules.ts): $strict_<field> for security,
-- channel and signed says the source's mapping makes an empty value an error; otherwise an
-- empty security counts as normal, an empty channel or signed on an outgoing document as not
-- electronic or not signed, each with a note ($note_<field>: the message). $checkbox_marks: the marks of a
-- checkbox column (signed_mark records whether a row's value was one; staged-span.sql reads an
-- empty cell of a column of marks as "no" once the whole file is in).
-- The optional fields (migration 009): sender as written (NFC); processed_electronic through
-- its spellings, NULL when the file has no such column (processed_electronic_present false:
-- the processed rate is then null, not 0), false with a note ($note_processed) when an
-- incoming document's cell is empty; an empty incoming channel gets a note too ($note_channel_in).
--
-- Only scalar expressions, no join: DuckDB keeps the order of the rows for a scan, a
-- projection and a filter (not for a join), so a CSV file's rows are appended in the
-- file's order and numbered by their position (see the staged view in load.ts).
INSERT INTO staged_rows
WITH t AS (
  -- raw_batch is trimmed text, NULL when empty (see mappedView in load.ts)
  SELECT
    file_seq, row_no, row_error, unit_code,
    doc_id AS doc_id_t,
    direction AS direction_t,
    number AS number_t,
    doc_type AS doc_type_t,
    doc_date AS doc_date_t,
    event_time AS event_time_t,
    security AS security_t,
    channel AS channel_t,
    signed AS signed_t,
    deadline AS deadline_t,
    completed_time AS completed_time_t,
    sender AS sender_t,
    processed_electronic AS processed_electronic_t,
    processed_electronic_present
  FROM raw_batch
), n AS (
  -- each expression once, in its own layer: a macro repeats its argument, and a column of
  -- an earlier layer is computed once however often it is used
  SELECT
    t.* EXCLUDE (doc_id_t, number_t, doc_type_t, sender_t),
    cds_nfc(doc_id_t) AS doc_id,
    cds_nfc(sender_t) AS sender,
    cds_nfc(number_t) AS number,
    cds_nfc(doc_type_t) AS doc_type,
    -- keys into the spelling lists; the canonical spellings are their own key (no lower() or NFC needed)
    CASE WHEN direction_t IN ('out', 'in') THEN direction_t ELSE cds_key(direction_t) END AS direction_k,
    CASE WHEN security_t IN ('normal', 'secret', 'top_secret', 'absolute_secret') THEN security_t ELSE cds_key(security_t) END AS security_k,
    CASE WHEN channel_t IN ('electronic', 'paper', 'both') THEN channel_t ELSE cds_key(channel_t) END AS channel_k,
    CASE WHEN signed_t IN ('true', 'false') THEN signed_t ELSE cds_key(signed_t) END AS signed_k,
    CASE WHEN processed_electronic_t IN ('true', 'false') THEN processed_electronic_t ELSE cds_key(processed_electronic_t) END AS processed_k,
    cds_date(doc_date_t) AS doc_date,
    cds_time(event_time_t) AS event_time,
    cds_date(deadline_t) AS deadline,
    cds_time(completed_time_t) AS completed_time
  FROM t
), p AS (
  SELECT
    n.* EXCLUDE (direction_k, security_k, channel_k, signed_k, processed_k),
    -- the registry: temp type cds_unit_code (unit-code-type.sql)
    CASE WHEN try_cast(n.unit_code AS cds_unit_code) IS NOT NULL THEN n.unit_code END AS known_unit,
    CASE WHEN $direction_canonical AND direction_k IN ('out', 'in') THEN direction_k ELSE ($direction_values::VARCHAR[])[list_position($direction_keys::VARCHAR[], direction_k)] END AS direction,
    CASE WHEN $security_canonical AND security_k IN ('normal', 'secret', 'top_secret', 'absolute_secret') THEN security_k
         WHEN security_t IS NULL AND NOT $strict_security THEN 'normal'
         ELSE ($security_values::VARCHAR[])[list_position($security_keys::VARCHAR[], security_k)] END AS security,
    CASE WHEN $channel_canonical AND channel_k IN ('electronic', 'paper', 'both') THEN channel_k ELSE ($channel_values::VARCHAR[])[list_position($channel_keys::VARCHAR[], channel_k)] END AS channel,
    CASE WHEN $signed_canonical AND signed_k IN ('true', 'false') THEN signed_k ELSE ($signed_values::VARCHAR[])[list_position($signed_keys::VARCHAR[], signed_k)] END AS signed_v,
    CASE WHEN signed_k IS NOT NULL THEN list_contains($checkbox_marks::VARCHAR[], signed_k) END AS signed_mark,
    CASE WHEN $processed_electronic_canonical AND processed_k IN ('true', 'false') THEN processed_k
         ELSE ($processed_electronic_values::VARCHAR[])[list_position($processed_electronic_keys::VARCHAR[], processed_k)] END AS processed_v,
    -- U+FFFD: a character lost before the value reached us (a wrong encoding, a broken reader)
    (contains(unit_code, chr(65533)) OR contains(doc_id, chr(65533)) OR contains(number, chr(65533)) OR contains(doc_type, chr(65533))
     OR contains(direction_t, chr(65533)) OR contains(doc_date_t, chr(65533)) OR contains(event_time_t, chr(65533))
     OR contains(security_t, chr(65533)) OR contains(channel_t, chr(65533)) OR contains(signed_t, chr(65533))
     OR contains(deadline_t, chr(65533)) OR contains(completed_time_t, chr(65533))
     OR contains(sender, chr(65533)) OR contains(processed_electronic_t, chr(65533))) IS TRUE AS damaged,
    $now::TIMESTAMPTZ + INTERVAL 1 DAY AS latest,
    $min_date::DATE AS earliest
  FROM n
), v AS (
  -- one cheap test per row; the list of problems is only built for rows that fail it
  SELECT p.*, (
    row_error IS NULL AND known_unit IS NOT NULL AND doc_id IS NOT NULL AND length(doc_id) <= 200
    AND NOT regexp_matches(doc_id, '[\x00-\x1f\x7f]')
    AND direction IS NOT NULL AND coalesce(length(number), 0) <= 500 AND coalesce(length(doc_type), 0) <= 500
    AND coalesce(length(sender), 0) <= 500
    AND (processed_v IS NOT NULL OR processed_electronic_t IS NULL)
    AND NOT damaged
    AND (doc_date_t IS NULL OR doc_date BETWEEN earliest AND cds_local_date(latest))
    AND event_time BETWEEN earliest::TIMESTAMPTZ AND latest
    AND security IS NOT NULL
    AND (channel IS NOT NULL OR (channel_t IS NULL AND (direction = 'in' OR NOT $strict_channel)))
    AND (signed_v IS NOT NULL OR (signed_t IS NULL AND (direction = 'in' OR NOT $strict_signed)))
    AND (deadline_t IS NULL OR deadline BETWEEN earliest AND DATE '2100-01-01')
    AND (completed_time_t IS NULL OR (completed_time >= event_time AND completed_time <= latest))
  ) IS TRUE AS ok
  FROM p
), checked AS (
  SELECT v.*, CASE
    WHEN ok THEN []
    -- a row the reader could not read as a whole is reported as that alone
    WHEN row_error IS NOT NULL THEN [cds_problem(NULL, 'unreadable_row', row_error)]
    -- damaged text first: the other checks would only find an unknown value in it
    ELSE CASE WHEN damaged THEN list_filter([
      cds_damaged('unit_code', unit_code), cds_damaged('doc_id', doc_id), cds_damaged('direction', direction_t),
      cds_damaged('number', number), cds_damaged('doc_type', doc_type), cds_damaged('doc_date', doc_date_t),
      cds_damaged('event_time', event_time_t), cds_damaged('security', security_t), cds_damaged('channel', channel_t),
      cds_damaged('signed', signed_t), cds_damaged('deadline', deadline_t), cds_damaged('completed_time', completed_time_t),
      cds_damaged('sender', sender), cds_damaged('processed_electronic', processed_electronic_t)
    ], x -> x IS NOT NULL) ELSE [] END || list_filter([
    CASE WHEN unit_code IS NULL THEN cds_problem('unit_code', 'missing', 'unit_code is empty')
         WHEN known_unit IS NULL THEN cds_problem('unit_code', 'unknown_unit', 'unit_code ' || cds_quote(unit_code) || ' is not a unit of the registry') END,
    CASE WHEN doc_id IS NULL THEN cds_problem('doc_id', 'missing', 'doc_id is empty')
         WHEN length(doc_id) > 200 THEN cds_problem('doc_id', 'too_long', 'doc_id is longer than 200 characters')
         -- an id with an invisible byte would be a second document beside the clean id
         WHEN regexp_matches(doc_id, '[\x00-\x1f\x7f]') THEN cds_problem('doc_id', 'control_character',
           'doc_id ' || cds_quote(regexp_replace(doc_id, '[\x00-\x1f\x7f]', '�', 'g')) || ' contains a control character (U+'
           || printf('%04X', unicode(regexp_extract(doc_id, '[\x00-\x1f\x7f]'))) || ', shown as �)') END,
    CASE WHEN direction_t IS NULL THEN cds_problem('direction', 'missing', 'direction is empty')
         WHEN direction IS NULL THEN cds_problem('direction', 'unknown_value', 'direction ' || cds_quote(direction_t) || ' is neither out (Đi) nor in (Đến)') END,
    CASE WHEN length(number) > 500 THEN cds_problem('number', 'too_long', 'number is longer than 500 characters') END,
    CASE WHEN length(doc_type) > 500 THEN cds_problem('doc_type', 'too_long', 'doc_type is longer than 500 characters') END,
    CASE WHEN doc_date_t IS NOT NULL AND doc_date IS NULL THEN cds_problem('doc_date', 'bad_date', 'doc_date ' || cds_quote(doc_date_t) || ' is not a date (expected YYYY-MM-DD or dd/mm/yyyy)')
         WHEN doc_date < earliest OR doc_date > cds_local_date(latest) THEN cds_problem('doc_date', 'implausible_date', 'doc_date ' || cds_quote(doc_date_t)
           || ' (read as ' || strftime(doc_date, '%d/%m/%Y') || ') is ' || CASE WHEN doc_date < earliest THEN 'before ' || strftime(earliest, '%d/%m/%Y') ELSE 'in the future' END) END,
    CASE WHEN event_time_t IS NULL THEN cds_problem('event_time', 'missing', 'event_time (sent or received time) is empty')
         WHEN event_time IS NULL THEN cds_problem('event_time', 'bad_time', 'event_time ' || cds_quote(event_time_t) || ' is not a date-time (expected ISO 8601 or dd/mm/yyyy HH:mm)')
         WHEN event_time < earliest::TIMESTAMPTZ THEN cds_problem('event_time', 'implausible_date', 'event_time ' || cds_quote(event_time_t) || ' is before ' || strftime(earliest, '%d/%m/%Y'))
         WHEN event_time > latest THEN cds_problem('event_time', 'future_time', 'event_time ' || cds_quote(event_time_t) || ' is in the future') END,
    CASE WHEN security_t IS NULL AND $strict_security THEN cds_problem('security', 'missing', 'security is empty (expected Thường, Mật, Tối mật or Tuyệt mật), and this source''s mapping makes that an error')
         WHEN security IS NULL THEN cds_problem('security', 'unknown_value', 'security ' || cds_quote(security_t) || ' is not one of Thường, Mật, Tối mật, Tuyệt mật') END,
    CASE WHEN channel_t IS NULL AND direction = 'out' AND $strict_channel THEN cds_problem('channel', 'missing', 'channel is empty for an outgoing document, and this source''s mapping makes that an error')
         WHEN channel_t IS NOT NULL AND channel IS NULL THEN cds_problem('channel', 'unknown_value', 'channel ' || cds_quote(channel_t) || ' is not one of Điện tử, Giấy, Điện tử và giấy') END,
    CASE WHEN signed_t IS NULL AND direction = 'out' AND $strict_signed THEN cds_problem('signed', 'missing', 'signed is empty for an outgoing document, and this source''s mapping makes that an error')
         WHEN signed_t IS NOT NULL AND signed_v IS NULL THEN cds_problem('signed', 'unknown_value', 'signed ' || cds_quote(signed_t) || ' is not a yes/no value (Có/Không, x, 1/0)') END,
    CASE WHEN deadline_t IS NOT NULL AND deadline IS NULL THEN cds_problem('deadline', 'bad_date', 'deadline ' || cds_quote(deadline_t) || ' is not a date (expected YYYY-MM-DD or dd/mm/yyyy)')
         WHEN deadline < earliest OR deadline > DATE '2100-01-01' THEN cds_problem('deadline', 'implausible_date', 'deadline ' || cds_quote(deadline_t)
           || ' (read as ' || strftime(deadline, '%d/%m/%Y') || ') is not between ' || strftime(earliest, '%d/%m/%Y') || ' and 01/01/2100') END,
    CASE WHEN completed_time_t IS NOT NULL AND completed_time IS NULL THEN cds_problem('completed_time', 'bad_time', 'completed_time ' || cds_quote(completed_time_t) || ' is not a date-time (expected ISO 8601 or dd/mm/yyyy HH:mm)')
         WHEN completed_time > latest THEN cds_problem('completed_time', 'future_time', 'completed_time ' || cds_quote(completed_time_t) || ' is in the future')
         WHEN completed_time < event_time THEN cds_problem('completed_time', 'before_event', 'completed_time ' || cds_quote(completed_time_t) || ' is before the document was received (' || cds_quote(event_time_t) || ')') END,
    CASE WHEN length(sender) > 500 THEN cds_problem('sender', 'too_long', 'sender is longer than 500 characters') END,
    CASE WHEN processed_electronic_t IS NOT NULL AND processed_v IS NULL THEN cds_problem('processed_electronic', 'unknown_value', 'processed_electronic ' || cds_quote(processed_electronic_t) || ' is not a yes/no value (Có/Không, x, 1/0)') END
    ], x -> x IS NOT NULL)
  END AS problems
  FROM v
)
SELECT
  file_seq, row_no, hash(unit_code, doc_id) AS h, unit_code, doc_id, direction, number, doc_type, doc_date, event_time,
  cds_local_date(event_time) AS event_date,
  security, channel, signed_v::BOOLEAN AS signed, deadline, completed_time,
  cds_local_date(completed_time) AS completed_date,
  sender,
  -- the column absent: NULL (not recorded); present and empty on an incoming document: false
  CASE WHEN processed_v IS NOT NULL THEN processed_v::BOOLEAN WHEN processed_electronic_present AND direction = 'in' THEN false END AS processed_electronic,
  -- what the load decided about an empty or unreadable value of a document that counts
  CASE WHEN ok AND (security_t IS NULL OR channel_t IS NULL OR (direction = 'out' AND signed_t IS NULL)
                    OR (direction = 'in' AND processed_electronic_present AND processed_electronic_t IS NULL AND completed_time_t IS NOT NULL))
    THEN list_filter([
      CASE WHEN security_t IS NULL THEN cds_problem('security', $note_security_code, $note_security) END,
      CASE WHEN direction = 'out' AND channel_t IS NULL THEN cds_problem('channel', $note_channel_code, $note_channel) END,
      CASE WHEN direction = 'in' AND channel_t IS NULL THEN cds_problem('channel', $note_channel_in_code, $note_channel_in) END,
      CASE WHEN direction = 'out' AND signed_t IS NULL THEN cds_problem('signed', $note_signed_code, $note_signed) END,
      CASE WHEN direction = 'in' AND processed_electronic_present AND processed_electronic_t IS NULL AND completed_time_t IS NOT NULL
        THEN cds_problem('processed_electronic', $note_processed_code, $note_processed) END
    ], x -> x IS NOT NULL)
    ELSE [] END AS notes,
  signed_mark,
  -- the list always explains a failed test (a check without its message would otherwise let the row through)
  CASE WHEN NOT ok AND len(problems) = 0 THEN [cds_problem(NULL, 'invalid_row', 'the row failed validation')] ELSE problems END AS problems,
  CASE WHEN NOT ok THEN to_json({
    'unit_code': unit_code, 'doc_id': doc_id, 'direction': direction_t, 'number': left(number, 500),
    'doc_type': left(doc_type, 500), 'doc_date': left(doc_date_t, 100), 'event_time': left(event_time_t, 100),
    'security': left(security_t, 100), 'channel': left(channel_t, 100), 'signed': left(signed_t, 100),
    'deadline': left(deadline_t, 100), 'completed_time': left(completed_time_t, 100),
    'sender': left(sender, 500), 'processed_electronic': left(processed_electronic_t, 100)})::VARCHAR END AS raw
FROM checked;
