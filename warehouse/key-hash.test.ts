// documents.key_hash (migration 024): every document keeps the hash of its key, a load finds
// the documents it updates by it, and a warehouse whose stored hashes are not the running
// DuckDB's (another DuckDB's hash(), a document changed outside a load) has them computed
// again when it is opened, before any load reads them.
import { afterEach, describe, expect, it } from 'vitest';
import { buildModels, buildModelsIncremental, DataTestFailure } from '../analytics/build.ts';
import { loadRun } from '../ingest/load.ts';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';
import { quietLog, quietLogKept } from '../test/helpers/logs.ts';
import { openWarehouse, type Warehouse } from './warehouse.ts';

const HEADER = 'unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time';
const NOW = new Date('2020-11-01T00:00:00Z');

let w: TestWarehouse | undefined;
let reopened: Warehouse | undefined;
afterEach(() => {
  reopened?.db.close();
  reopened = undefined;
  w?.close();
  w = undefined;
});

/** an export of these rows (canonical columns) in the test's folder */
const exportFile = (name: string, ...rows: string[]) => w!.file(name, [HEADER, ...rows, ''].join('\n'));

const hashes = (db: Warehouse['db']) => db.all<{ doc_id: string; right: boolean }>(
  `SELECT doc_id, key_hash IS NOT DISTINCT FROM hash(unit_code, doc_id) AS right FROM documents ORDER BY doc_id`,
);

describe('documents.key_hash', () => {
  it('is stored with every document a load inserts, new or updated', async () => {
    w = await testWarehouse();
    const first = exportFile('first.csv', 'P01,F1,out,1/SXD,Công văn,2020-10-05,2020-10-05 08:00,normal,electronic,true,,',
      'P01,F2,out,2/SXD,Quyết định,2020-10-06,2020-10-06 08:00,normal,paper,false,,',
      '380,F2,out,2/UBND,Quyết định,2020-10-06,2020-10-06 09:00,normal,paper,false,,');
    expect((await w.load([first], { now: NOW })).loaded).toBe(3);
    const second = exportFile('second.csv', 'P01,F2,out,2/SXD,Quyết định,2020-10-06,2020-10-06 08:00,normal,electronic,true,,');
    expect(await w.load([second], { now: NOW })).toMatchObject({ loaded: 0, updated: 1 });
    expect(await hashes(w.db)).toEqual([{ doc_id: 'F1', right: true }, { doc_id: 'F2', right: true }, { doc_id: 'F2', right: true }]);
  });

  it('finds by it only the document whose key is the row\'s: another key with the same hash is left as it is', async () => {
    w = await testWarehouse();
    const first = exportFile('first.csv', 'P01,F1,out,1/SXD,Công văn,2020-10-05,2020-10-05 08:00,normal,paper,false,,',
      'P01,F2,out,2/SXD,Quyết định,2020-10-06,2020-10-06 08:00,normal,paper,false,,');
    expect((await w.load([first], { now: NOW })).loaded).toBe(2);
    // F1 stored with F2's hash: what two keys whose hashes collide (two of 2^64 values) look
    // like to the load's lookup, which finds F1 too when the run names F2
    await w.rows(`UPDATE documents SET key_hash = (SELECT key_hash FROM documents WHERE doc_id = 'F2') WHERE doc_id = 'F1'`);
    const second = exportFile('second.csv', 'P01,F2,out,2/SXD,Quyết định,2020-10-06,2020-10-06 08:00,normal,electronic,true,,',
      'P01,F3,out,3/SXD,Công văn,2020-10-07,2020-10-07 08:00,normal,electronic,true,,');
    expect(await w.load([second], { now: NOW })).toMatchObject({ status: 'succeeded', loaded: 1, updated: 1, unchanged: 0 });
    expect(await w.rows(`SELECT doc_id, channel FROM documents ORDER BY doc_id`)).toEqual([
      { doc_id: 'F1', channel: 'paper' }, { doc_id: 'F2', channel: 'electronic' }, { doc_id: 'F3', channel: 'electronic' },
    ]);
    expect(await w.rows(`SELECT doc_id, channel FROM document_history`)).toEqual([{ doc_id: 'F2', channel: 'paper' }]);
  });

  it('is computed again at the next opening where it is not the running DuckDB\'s hash of the key, so that a load still finds the document it updates', async () => {
    w = await testWarehouse();
    const first = exportFile('first.csv', 'P01,F1,out,1/SXD,Công văn,2020-10-05,2020-10-05 08:00,normal,electronic,true,,',
      'P01,F2,out,2/SXD,Quyết định,2020-10-06,2020-10-06 08:00,normal,paper,false,,');
    expect((await w.load([first], { now: NOW })).loaded).toBe(2);
    // the hashes as a DuckDB with another hash() would have stored them
    await w.rows(`UPDATE documents SET key_hash = xor(key_hash, 1)`);
    expect((await hashes(w.db)).map((r) => r.right)).toEqual([false, false]);
    w.db.close();

    const logs = quietLogKept();
    reopened = await openWarehouse(w.config, logs.log);
    expect((await hashes(reopened.db)).map((r) => r.right)).toEqual([true, true]);
    expect(logs.entries().filter((e) => e['level'] === 'warn')).toEqual([expect.objectContaining({ documents: 2, msg: expect.stringContaining('computed again') })]);
    const second = exportFile('second.csv', 'P01,F2,out,2/SXD,Quyết định,2020-10-06,2020-10-06 08:00,normal,electronic,true,,');
    const run = await loadRun(reopened, { sourceId: 'test', trigger: 'test', now: NOW, files: [{ path: second, name: 'second.csv' }] });
    expect(run).toMatchObject({ status: 'succeeded', loaded: 0, updated: 1 });
    expect(await reopened.db.all(`SELECT doc_id, channel FROM documents ORDER BY doc_id`)).toEqual([
      { doc_id: 'F1', channel: 'electronic' }, { doc_id: 'F2', channel: 'electronic' },
    ]);
  });

  it('is required of every writer of documents', async () => {
    w = await testWarehouse();
    await expect(w.rows(`INSERT INTO documents (unit_code, doc_id, direction, event_time, event_date, security, source_id, first_run_id, run_id, file_seq, row_no)
      VALUES ('P01', 'X1', 'out', TIMESTAMPTZ '2020-10-05 08:00:00+07', DATE '2020-10-05', 'normal', 'test', 1, 1, 1, 2)`)).rejects.toThrow(/NOT NULL constraint failed: documents.key_hash/);
  });

  it('once found stale at an opening, makes the next full build check every document again, so a document a stale hash let in twice is found', async () => {
    w = await testWarehouse();
    const first = exportFile('first.csv', 'P01,F1,out,1/SXD,Công văn,2020-10-05,2020-10-05 08:00,normal,paper,false,,',
      'P01,F2,out,2/SXD,Quyết định,2020-10-06,2020-10-06 08:00,normal,paper,false,,');
    expect((await w.load([first], { now: NOW })).loaded).toBe(2);
    await buildModels(w.db);
    // F1's stored hash made stale while the service runs (a document changed outside any
    // load): the load no longer finds F1 and inserts its new version beside it, and the
    // incremental build's check, which looks the earlier documents up by the same hashes,
    // does not see it
    await w.rows(`UPDATE documents SET key_hash = xor(key_hash, 1) WHERE doc_id = 'F1'`);
    const second = exportFile('second.csv', 'P01,F1,out,1/SXD,Công văn,2020-10-05,2020-10-05 08:00,normal,electronic,true,,');
    expect(await w.load([second], { now: NOW })).toMatchObject({ status: 'succeeded', loaded: 1, updated: 0 });
    expect((await buildModelsIncremental(w.db)).kind).toBe('incremental');
    w.db.close();

    // the next opening computes F1's hash again, and the full build after it checks every run
    reopened = await openWarehouse(w.config, quietLog);
    expect((await hashes(reopened.db)).map((r) => r.right)).toEqual([true, true, true]);
    const err = await buildModels(reopened.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataTestFailure);
    expect((err as DataTestFailure).failed.find((t) => t.test === 'documents_unique_key')).toMatchObject({ failures: 1, sample: [{ unit_code: 'P01', doc_id: 'F1', copies: 2n }] });
  });
});
