import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planColumns } from '../mapping/resolve.ts';
import { readCsv } from './csv.ts';

const HEADER = 'unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time';

describe('readCsv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cds-csv-'));
  let db: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:', { threads: '2' });
    conn = await db.connect();
  });
  afterAll(() => {
    conn?.closeSync();
    db?.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = async (seq: number, path: string) => readCsv(conn, { seq, path, name: `f${seq}.csv`, format: 'csv' }, (h) => planColumns(h, undefined, 'test'));
  const count = async (sql: string) => Number((await conn.runAndReadAll(sql)).getRowObjectsJS()[0]?.['n']);

  it('reads a line of up to 4 MiB, and refuses a longer one as a rejected row', async () => {
    const long = (n: number) => `1,D-${n},in,${'x'.repeat(n)},Công văn,2021-02-27,2021-03-04T09:25:00+07:00,normal,electronic,false,,`;
    const path = join(dir, 'long.csv');
    writeFileSync(path, [HEADER, long(10), long(3 << 20), long(5 << 20), long(20)].join('\n') + '\n');
    const r = await read(2, path);
    const got = (await conn.runAndReadAll(`SELECT doc_id, length("number")::INTEGER AS len FROM ${r.relation}`)).getRowObjectsJS();
    expect(got).toEqual([{ doc_id: 'D-10', len: 10 }, { doc_id: `D-${3 << 20}`, len: 3 << 20 }, { doc_id: 'D-20', len: 20 }]);
    expect(await count(`SELECT count(*)::INTEGER AS n FROM csv_rejects_2 WHERE error_type = 'LINE SIZE OVER MAXIMUM'`)).toBe(1);
  });
});
