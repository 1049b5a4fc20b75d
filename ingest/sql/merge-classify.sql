-- Decides what each readable row of the run does to the warehouse. Most rows of a run are
-- documents seen for the first time, once: they are new without further ado. Only the rows
-- whose key (unit_code, doc_id) may be in the run twice or already in the warehouse are
-- looked at row by row, in temp table keyed, each with one action:
--   new        the key is not in documents yet (the first of its rows in the run)
--   changed    it is, with other values: the row updates it
--   same       it is, with the same values: nothing changes
--   duplicate  the run already had this document with the same values (counted unchanged)
--   conflict   the run already had this document with other values: quarantined

-- The warehouse's documents that the run's valid rows name, found once: every later step
-- (keyed, the history, the delete: merge-apply.sql) reads this table instead of documents.
-- Each such lookup is a scan of documents (10 M rows at a time), and one that reads whole
-- rows (the values to compare, the earlier version for the history) decompresses nearly
-- every column of nearly every row group, as the rows a run updates lie anywhere in it.
-- Each document keeps its rowid, by which merge-apply.sql deletes the changed ones.
-- The documents are found by their stored key_hash (migration 024: a scan of one fixed-width
-- column, not of the two key strings; 10 M documents, 20 k keys: 0.43 CPU-s against 0.61).
-- So existing may also hold a document of another key whose hash equals a run row's (two
-- of 2^64 values): every reader matches it by the keys or by the row ids keyed took from
-- such a match (keyed below, merge-apply.sql, merge-check.sql), so it changes nothing.
-- Filtering it out here with a second join on the run's keys cost a first load a join of
-- its 10 M key strings.
-- DuckDB builds the join's hash table on the smaller side by its estimates: on documents in
-- a first load (RIGHT_SEMI: 0.03 CPU-s for 10 M staged rows into an empty warehouse), on
-- the run's hashes when documents is the larger.
CREATE OR REPLACE TEMP TABLE existing AS
SELECT d.rowid AS doc_rowid, d.* EXCLUDE (key_hash)
FROM documents d
SEMI JOIN (SELECT h FROM staged WHERE len(problems) = 0) s ON s.h = d.key_hash;

-- Rows are picked by the 64-bit hash of their key (staged.h): sorting millions of hashes
-- is far cheaper than grouping millions of key strings. A valid row whose hash is not in
-- exceptional_hashes has a key once in the run and not in documents: it is new. The odd
-- collision of two different keys only sends both rows to keyed, which decides by the keys
-- themselves.
CREATE OR REPLACE TEMP TABLE exceptional_hashes AS
WITH valid AS (
  SELECT h FROM staged WHERE len(problems) = 0
), repeated AS (
  -- a hash equal to the one before it in order is there twice
  SELECT h FROM (SELECT h, lag(h) OVER (ORDER BY h) AS before FROM valid) WHERE h = before
)
SELECT DISTINCT h FROM repeated
UNION
SELECT hash(unit_code, doc_id) FROM existing;

CREATE OR REPLACE TEMP TABLE keyed AS
WITH valid AS (
  SELECT file_seq, row_no, h, unit_code, doc_id, direction, number, doc_type, doc_date, event_time,
         event_date, security, channel, signed, deadline, completed_time, completed_date, sender, processed_electronic, notes,
         {'direction': direction, 'number': number, 'doc_type': doc_type, 'doc_date': doc_date,
          'event_time': event_time, 'security': security, 'channel': channel, 'signed': signed,
          'deadline': deadline, 'completed_time': completed_time, 'sender': sender,
          'processed_electronic': processed_electronic, 'notes': notes} AS content
  FROM staged s
  SEMI JOIN exceptional_hashes e ON e.h = s.h
  WHERE len(problems) = 0
), ranked AS (
  SELECT *,
         row_number() OVER w AS dup_rank,
         first_value(content) OVER w AS first_content,
         first_value(file_seq) OVER w AS first_file_seq,
         first_value(row_no) OVER w AS first_row_no
  FROM valid
  WINDOW w AS (PARTITION BY unit_code, doc_id ORDER BY file_seq, row_no)
)
SELECT r.* EXCLUDE (content, first_content),
  d.first_run_id AS old_first_run_id,
  -- the document the row replaces, when it does (merge-apply.sql)
  d.doc_rowid AS old_rowid,
  CASE
    WHEN dup_rank > 1 AND content IS NOT DISTINCT FROM first_content THEN 'duplicate'
    WHEN dup_rank > 1 THEN 'conflict'
    WHEN d.doc_id IS NULL THEN 'new'
    WHEN content IS DISTINCT FROM {'direction': d.direction, 'number': d.number, 'doc_type': d.doc_type,
         'doc_date': d.doc_date, 'event_time': d.event_time, 'security': d.security, 'channel': d.channel,
         'signed': d.signed, 'deadline': d.deadline, 'completed_time': d.completed_time,
         'sender': d.sender, 'processed_electronic': d.processed_electronic,
         'notes': coalesce(d.notes, [])} THEN 'changed'
    ELSE 'same'
  END AS action
FROM ranked r
-- a plain equi-join: an extra condition here turns DuckDB's hash join into a nested loop
LEFT JOIN existing d ON d.unit_code = r.unit_code AND d.doc_id = r.doc_id;
