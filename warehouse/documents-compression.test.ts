// Migration 019: documents' text columns are stored with the compression the migration names
// for each (dictionary for the codes, FSST for doc_id and number), in a fresh warehouse, after
// it is closed and opened again, and in one that held documents before the migration, which
// keeps every row as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';
import { Database } from './database.ts';
import { migrate } from './migrate.ts';

const MIGRATION = '019-documents-compression.sql';
const KEY_HASH = '024-document-key-hash.sql';
const KEY_HASH_NOT_NULL = '025-document-key-hash-not-null.sql';
const HEADER = 'unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time,sender,processed_electronic';

let w: TestWarehouse | undefined;
let reopened: Database | undefined;
afterEach(() => {
  reopened?.close();
  reopened = undefined;
  w?.close();
  w = undefined;
});

/**
 * Writes 4,000 rows into `table` whose values DuckDB would on its own store otherwise than
 * the migration names: every unit_code and source_id different (no dictionary pays), every
 * doc_id and number the same (a dictionary of one value does), and checkpoints them.
 * Returns each text column's compressions in the table's storage.
 */
async function oddRowsStored(db: Database, table: string): Promise<Record<string, string[]>> {
  await db.all(`INSERT INTO ${table} (unit_code, doc_id, direction, number, doc_type, event_time, event_date, security, channel, source_id, first_run_id, run_id, file_seq, row_no, sender, key_hash)
    SELECT md5(i::VARCHAR), 'same-doc-id', 'out', 'same-number', md5((i + 1)::VARCHAR), TIMESTAMPTZ '2021-01-01 08:00:00+07', DATE '2021-01-01',
           md5((i + 2)::VARCHAR), md5((i + 3)::VARCHAR), md5((i + 4)::VARCHAR), 999, 999, 1, i, md5((i + 5)::VARCHAR), hash(md5(i::VARCHAR), 'same-doc-id')
    FROM range(4000) r(i)`);
  await db.all('CHECKPOINT');
  const rows = await db.all<{ column_name: string; compression: string }>(
    `SELECT DISTINCT column_name, compression FROM pragma_storage_info('${table}')
     WHERE segment_type = 'VARCHAR' AND column_name IN ('unit_code', 'doc_id', 'direction', 'number', 'doc_type', 'security', 'channel', 'source_id', 'sender')
     ORDER BY ALL`,
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.column_name] ??= []).push(r.compression);
  return out;
}

const NAMED = {
  channel: ['Dictionary'], direction: ['Dictionary'], doc_id: ['FSST'], doc_type: ['Dictionary'], number: ['FSST'],
  security: ['Dictionary'], sender: ['Dictionary'], source_id: ['Dictionary'], unit_code: ['Dictionary'],
};

/** documents' columns as the catalog has them: name, type, NOT NULL and default, in order. */
const columnsOf = (db: Database) => db.all(
  `SELECT column_name, data_type, is_nullable, column_default FROM duckdb_columns() WHERE table_name = 'documents' ORDER BY column_index`,
);

describe('documents compression (migration 019)', () => {
  it('stores the text columns as the migration names them, also after the warehouse is closed and opened again', async () => {
    w = await testWarehouse();
    // a table of the same columns without the migration's setting stores these rows otherwise: what is tested below is the setting's
    await w.rows(`CREATE TABLE documents_plain AS SELECT * FROM documents LIMIT 0`);
    const plain = await oddRowsStored(w.db, 'documents_plain');
    expect(plain['unit_code']).not.toEqual(['Dictionary']);
    expect(plain['doc_id']).not.toEqual(['FSST']);
    expect(plain['number']).not.toEqual(['FSST']);

    w.db.close();
    reopened = await Database.open(w.config.dbPath);
    expect(await oddRowsStored(reopened, 'documents')).toEqual(NAMED);
    // later deletes and inserts keep it
    await reopened.all(`DELETE FROM documents WHERE row_no % 3 = 0`);
    await reopened.all(`INSERT INTO documents SELECT * FROM documents_plain`);
    expect(await oddRowsStored(reopened, 'documents')).toEqual(NAMED);
  });

  it('rebuilds the documents of a warehouse migrated before it with every row, in order, and every column as it was', async () => {
    w = await testWarehouse();
    const columns = await columnsOf(w.db);
    const first = w.file('first.csv', [
      HEADER,
      'P01,F1,out,1/SXD,Công văn,2020-10-05,2020-10-05 08:00,normal,electronic,true,,,,',
      'P01,F2,out,2/SXD,Quyết định,2020-10-06,2020-10-06 08:00,normal,paper,,,,,',
      '380,F3,in,3/UBND,Công văn,2020-10-06,2020-10-06 09:00,normal,electronic,,2020-10-10,2020-10-09 16:00,P01,true',
      '380,F4,in,,,,2020-10-07 10:00,secret,,,,,Bộ Nội vụ,',
      '',
    ].join('\n'));
    const second = w.file('second.csv', [HEADER, 'P01,F2,out,2/SXD,Quyết định,2020-10-06,2020-10-06 08:00,normal,electronic,true,,,,', ''].join('\n'));
    expect((await w.load([first], { now: new Date('2020-11-01T00:00:00Z') })).status).toBe('succeeded');
    expect((await w.load([second], { now: new Date('2020-11-01T00:00:00Z') })).updated).toBe(1);
    const rows = () => w!.rows(`SELECT * FROM documents`);
    const before = await rows();
    expect(before).toHaveLength(4);
    expect(before.some((r) => (r['notes'] as unknown[]).length > 0)).toBe(true);

    // the warehouse as it was before the migration: documents without the setting (and
    // without its NOT NULLs and default, which the migration must give back too)
    await w.rows(`BEGIN TRANSACTION;
      CREATE TABLE documents_plain AS SELECT * FROM documents;
      DROP TABLE documents;
      ALTER TABLE documents_plain RENAME TO documents;
      DELETE FROM schema_migrations WHERE version = '${MIGRATION}';
      -- and before the later migrations of documents (024 adds key_hash)
      ALTER TABLE documents DROP COLUMN key_hash;
      DROP TABLE key_hash_refreshes;
      DELETE FROM schema_migrations WHERE version IN ('${KEY_HASH}', '${KEY_HASH_NOT_NULL}');
      COMMIT`);
    expect(await columnsOf(w.db)).not.toEqual(columns);
    expect(await migrate(w.db)).toEqual([MIGRATION, KEY_HASH, KEY_HASH_NOT_NULL]);

    expect(await rows()).toEqual(before);
    expect(await columnsOf(w.db)).toEqual(columns);
    w.db.close();
    reopened = await Database.open(w.config.dbPath);
    expect(await oddRowsStored(reopened, 'documents')).toEqual(NAMED);
  });
});
