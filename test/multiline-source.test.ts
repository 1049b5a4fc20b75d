// An HTTP source whose page holds a record with a line break inside a quoted field (a
// register's multi-line "trích yếu", as Excel writes it): DuckDB's parallel CSV reader
// refuses such a file, the load reads it on one thread instead, and the source's watermark
// moves past it (it used to stay put for good, blocking the source).
import { createServer, type Server } from 'node:http';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../config.ts';
import { runSource } from '../ingest/sources/run-source.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

const row = (id: string, docType = 'Công văn') => `P01,${id},out,${id}/UBND,${docType},2020-10-01,2020-10-01 08:00,normal,electronic,true,,`;
// CRLF between records, LF inside a cell: what Excel's "CSV UTF-8" writes for Alt+Enter
const PAGE_1 = [CANONICAL_HEADER, row('H1'), row('H2', '"V/v triển khai\nCT 15"'), row('H3')].join('\r\n') + '\r\n';
const PAGE_2 = [CANONICAL_HEADER, row('H4', '"Tờ trình\r\nvề việc ""số hóa"""'), row('H5')].join('\r\n') + '\r\n';

let upstream: Server;
let w: TestWarehouse;
let source: SourceConfig;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const page = new URL(req.url ?? '/', 'http://x').searchParams.get('page');
    if (page === '1') res.writeHead(200, { 'content-type': 'text/csv', 'x-record-count': '3', 'x-page-watermark': 'p1', 'x-next-page': '2' }).end(PAGE_1);
    else res.writeHead(200, { 'content-type': 'text/csv', 'x-record-count': '2', 'x-page-watermark': 'p2', 'x-watermark': 'p2' }).end(PAGE_2);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  const port = (upstream.address() as { port: number }).port;
  source = {
    id: 'multiline', kind: 'http', url: `http://127.0.0.1:${port}/export`, format: 'csv', schedule: '0 0 1 1 *', headers: {},
    timeoutMs: 5_000, retry: { attempts: 1, backoffMs: 0 }, pageSize: 100, enabled: true,
  };
  w = await testWarehouse();
});
afterAll(async () => {
  w?.close();
  await new Promise((r) => upstream?.close(r));
});

describe('an HTTP source whose page holds a multi-line record', () => {
  // whether DuckDB refuses depends on the text around the line break (of two similar pages
  // one may be refused and the other read in parallel, correctly); this page is refused
  it("is a page DuckDB's parallel reader refuses (so this test covers the one-thread read)", async () => {
    const path = w.file('page-1.csv', PAGE_1);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const read = conn.run(`SELECT * FROM read_csv('${path}', header = true, auto_detect = false, columns = {${CANONICAL_HEADER.split(',').map((c) => `'${c}': 'VARCHAR'`).join(', ')}},
      null_padding = true, strict_mode = true, store_rejects = true)`);
    await expect(read).rejects.toThrow(/parallel=false/);
    conn.closeSync();
  });

  it('loads every record as one row, in order, and the watermark moves past it', async () => {
    const [r] = await runSource({ ...w, settings: w.config.settings, dataDir: w.dir }, source, 'test');
    expect(r, r?.error).toMatchObject({ status: 'succeeded', received: 5, loaded: 5, quarantined: 0 });
    const docs = await w.rows<{ doc_id: string; doc_type: string; file_seq: number; row: number }>(
      `SELECT doc_id, doc_type, file_seq, row_no::INTEGER AS row FROM documents ORDER BY file_seq, row_no`);
    expect(docs).toEqual([
      { doc_id: 'H1', doc_type: 'Công văn', file_seq: 1, row: 2 },
      { doc_id: 'H2', doc_type: 'V/v triển khai\nCT 15', file_seq: 1, row: 3 },
      { doc_id: 'H3', doc_type: 'Công văn', file_seq: 1, row: 4 },
      { doc_id: 'H4', doc_type: 'Tờ trình\r\nvề việc "số hóa"', file_seq: 2, row: 2 },
      { doc_id: 'H5', doc_type: 'Công văn', file_seq: 2, row: 3 },
    ]);
    expect(await w.rows(`SELECT watermark FROM source_state WHERE source_id = 'multiline'`)).toEqual([{ watermark: 'p2' }]);
  });
});

describe('a large export with multi-line records throughout', () => {
  it('keeps every row and its number, whether DuckDB reads it in parallel or on one thread', async () => {
    const rows = 200_000;
    const lines = [CANONICAL_HEADER];
    for (let i = 0; i < rows; i++) {
      // both kinds of text: what DuckDB reads in parallel, and what makes it refuse
      const dt = i % 97 === 5 ? '"Kế hoạch\nsố hóa"' : i === 150_000 ? '"V/v triển khai\nCT 15"' : 'Công văn';
      lines.push(`P01,B${i},out,${i}/UBND,${dt},2020-10-01,2020-10-01 08:00,normal,electronic,true,,`);
    }
    const r = await w.load([w.file('big.csv', `${lines.join('\n')}\n`)], { sourceId: 'big' });
    expect(r, r.error).toMatchObject({ status: 'succeeded', received: rows, loaded: rows, quarantined: 0 });
    expect(await w.rows(`
      SELECT count(*)::INTEGER AS n,
             count(*) FILTER (WHERE row_no <> substr(doc_id, 2)::BIGINT + 2)::INTEGER AS misnumbered,
             count(*) FILTER (WHERE contains(doc_type, chr(10)))::INTEGER AS multiline
      FROM documents WHERE source_id = 'big'`)).toEqual([{ n: rows, misnumbered: 0, multiline: Math.ceil((rows - 5) / 97) + 1 }]);
  });
});
