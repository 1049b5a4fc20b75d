-- Applies the run's valid rows to the warehouse for run $run_id of source $source_id, inside
-- the load's transaction: the new rows of staged, and what keyed decided for the others
-- (see merge-classify.sql). A changed document's earlier version goes to document_history;
-- then it is replaced (delete and insert: far cheaper in DuckDB than an UPDATE of many rows).
-- Both read the documents merge-classify.sql found (existing) rather than documents itself,
-- and the delete finds them by rowid: no key column of documents is read again. Each
-- document inserted keeps its key's hash (key_hash, migration 024), the h its row was read
-- with: hash(unit_code, doc_id) of the same values.
-- load.ts checks the rows each of the four statements changed, in this order: the history
-- and the delete as many as the documents replaced, the insert as many as loaded or updated.
INSERT INTO document_history BY NAME
SELECT e.* EXCLUDE (doc_rowid), $run_id AS superseded_by_run
FROM existing e
SEMI JOIN (SELECT old_rowid FROM keyed WHERE action = 'changed') k ON k.old_rowid = e.doc_rowid;

DELETE FROM documents
WHERE rowid IN (SELECT old_rowid FROM keyed WHERE action = 'changed');

INSERT INTO documents BY NAME
SELECT unit_code, doc_id, direction, number, doc_type, doc_date, event_time, event_date, security,
       channel, signed, deadline, completed_time, completed_date, sender, processed_electronic,
       $source_id AS source_id, $run_id AS first_run_id, $run_id AS run_id, file_seq, row_no, notes, h AS key_hash
FROM staged s
ANTI JOIN exceptional_hashes e ON e.h = s.h
WHERE len(problems) = 0
UNION ALL
SELECT unit_code, doc_id, direction, number, doc_type, doc_date, event_time, event_date, security,
       channel, signed, deadline, completed_time, completed_date, sender, processed_electronic,
       $source_id AS source_id, coalesce(old_first_run_id, $run_id) AS first_run_id, $run_id AS run_id, file_seq, row_no, notes, h AS key_hash
FROM keyed
WHERE action IN ('new', 'changed');

INSERT INTO quarantine
SELECT $run_id, $source_id, s.file_seq, f.name, s.row_no, s.unit_code, s.doc_id,
       s.problems[1].field,
       array_to_string(list_transform(s.problems, x -> x.message), '; '),
       s.problems, s.raw
FROM staged s JOIN batch_files f USING (file_seq)
WHERE len(s.problems) > 0
UNION ALL
SELECT $run_id, $source_id, k.file_seq, f.name, k.row_no, k.unit_code, k.doc_id, 'doc_id',
       'doc_id ' || cds_quote(k.doc_id) || ' appears again in the run with different values (first at row ' || k.first_row_no || ' of ' || ff.name || ')',
       [{'field': 'doc_id', 'code': 'duplicate_conflict',
         'message': 'doc_id ' || cds_quote(k.doc_id) || ' appears again in the run with different values (first at row ' || k.first_row_no || ' of ' || ff.name || ')'}],
       to_json({'unit_code': k.unit_code, 'doc_id': k.doc_id, 'direction': k.direction, 'number': k.number,
                'doc_type': k.doc_type, 'doc_date': k.doc_date, 'event_time': k.event_time, 'security': k.security,
                'channel': k.channel, 'signed': k.signed, 'deadline': k.deadline, 'completed_time': k.completed_time,
                'sender': k.sender, 'processed_electronic': k.processed_electronic})::VARCHAR
FROM keyed k JOIN batch_files f ON f.file_seq = k.file_seq JOIN batch_files ff ON ff.file_seq = k.first_file_seq
WHERE k.action = 'conflict'
UNION ALL
SELECT $run_id, $source_id, r.file_seq, f.name, r.row_no, NULL, NULL, r.field,
       r.reason,
       [{'field': r.field, 'code': 'unreadable_row', 'message': r.reason}],
       r.raw
FROM raw_rejects r JOIN batch_files f USING (file_seq);
