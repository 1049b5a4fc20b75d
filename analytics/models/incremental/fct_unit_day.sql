-- Incremental build, step 2: fct_unit_day (marts/fct_unit_day.sql) plus what the runs
-- changed: the mart's own rows (fct_unit_day_of) of the versions they set, less those of the
-- versions they replaced (changes.sql), per key. Every column but the key is a count, so the
-- difference adds up: a key the runs left as it was (say, a new completion date, which this
-- mart does not read) drops out here, and every other is added to its row, or becomes a new
-- row. A row whose counts all become zero counts no document any more and is deleted: a full
-- build has no such row (every document, out or in, counts in out_total, secret or in_total;
-- another direction fails documents_accepted_values). A count that would go below zero is
-- left so, and fails fct_unit_day_counts_bounded.
CREATE OR REPLACE TEMP TABLE build_unit_day_delta AS
SELECT unit_code, event_date, is_baseline,
       sum(out_total)::INTEGER AS out_total, sum(out_electronic)::INTEGER AS out_electronic,
       sum(out_signed)::INTEGER AS out_signed, sum(secret)::INTEGER AS secret,
       sum(in_total)::INTEGER AS in_total, sum(in_electronic)::INTEGER AS in_electronic
FROM (
  SELECT unit_code, event_date, is_baseline, out_total, out_electronic, out_signed, secret, in_total, in_electronic
  FROM fct_unit_day_of('build_set')
  UNION ALL
  SELECT unit_code, event_date, is_baseline, -out_total, -out_electronic, -out_signed, -secret, -in_total, -in_electronic
  FROM fct_unit_day_of('build_replaced')
)
GROUP BY unit_code, event_date, is_baseline
HAVING sum(out_total) <> 0 OR sum(out_electronic) <> 0 OR sum(out_signed) <> 0 OR sum(secret) <> 0
    OR sum(in_total) <> 0 OR sum(in_electronic) <> 0;

-- The keys' rows as they are (one pass over the mart, which keeps their row ids) plus the
-- change, then those rows replaced by the sums (a DELETE by row id, which reads no column,
-- and an INSERT: an UPDATE of rows spread over the whole mart, as MERGE does, made the
-- commit rewrite the mart); a row whose counts are all zero is not inserted.
CREATE OR REPLACE TEMP TABLE build_unit_day_touched AS
SELECT f.rowid AS row_id, f.* FROM fct_unit_day f SEMI JOIN build_unit_day_delta d ON f.unit_code = d.unit_code AND f.event_date = d.event_date AND f.is_baseline IS NOT DISTINCT FROM d.is_baseline;

CREATE OR REPLACE TEMP TABLE build_unit_day_merged AS
SELECT unit_code, event_date, is_baseline, sum(out_total)::INTEGER AS out_total, sum(out_electronic)::INTEGER AS out_electronic, sum(out_signed)::INTEGER AS out_signed, sum(secret)::INTEGER AS secret, sum(in_total)::INTEGER AS in_total, sum(in_electronic)::INTEGER AS in_electronic
FROM (
  SELECT * EXCLUDE (row_id) FROM build_unit_day_touched
  UNION ALL BY NAME
  SELECT * FROM build_unit_day_delta
)
GROUP BY unit_code, event_date, is_baseline;

DELETE FROM fct_unit_day WHERE rowid IN (SELECT row_id FROM build_unit_day_touched);

INSERT INTO fct_unit_day BY NAME SELECT * FROM build_unit_day_merged WHERE NOT (out_total = 0 AND out_electronic = 0 AND out_signed = 0 AND secret = 0 AND in_total = 0 AND in_electronic = 0);

-- fct_unit_day_received (marts/received_electronic.sql) takes its rows from fct_unit_day's
-- (a filter, not a sum: it is not added to): the rows of the keys whose incoming counts
-- changed are deleted and taken again from fct_unit_day as it is now, here so that they
-- follow it.
CREATE OR REPLACE TEMP TABLE build_received_keys AS
SELECT unit_code, event_date, is_baseline FROM build_unit_day_delta WHERE in_total <> 0 OR in_electronic <> 0;

DELETE FROM fct_unit_day_received f USING build_received_keys k
WHERE f.unit_code = k.unit_code AND f.event_date = k.event_date AND f.is_baseline IS NOT DISTINCT FROM k.is_baseline;

CREATE OR REPLACE TEMP VIEW build_unit_day_changed AS
SELECT f.* FROM fct_unit_day f
SEMI JOIN build_received_keys k ON f.unit_code = k.unit_code AND f.event_date = k.event_date AND f.is_baseline IS NOT DISTINCT FROM k.is_baseline;

INSERT INTO fct_unit_day_received SELECT * FROM fct_unit_day_received_of('build_unit_day_changed');
