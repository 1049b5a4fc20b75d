import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { CANONICAL_HEADER } from '../test/helpers/exports.ts';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';
import { buildModels } from './build.ts';
import { estimateBytes, FigureCache } from './figure-cache.ts';
import { Figures } from './figures.ts';
import { quietLog } from '../test/helpers/logs.ts';

describe('the figure cache', () => {
  it('keeps the most recently used values within its byte bound', async () => {
    const cache = new FigureCache({ maxBytes: 10_000 });
    const value = () => Promise.resolve(new Uint8Array(3_000));
    await cache.get('a', value);
    await cache.get('b', value);
    await cache.get('c', value);
    expect(cache.bytes).toBe(3 * estimateBytes(new Uint8Array(3_000)));
    await cache.get('a', value); // a is used again: b is now the oldest
    await cache.get('d', value);
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    let computed = 0;
    const count = () => { computed++; return value(); };
    await cache.get('a', count);
    await cache.get('b', count);
    expect(computed).toBe(1); // a was kept, b was not
  });

  it('never keeps a value larger than the whole bound, a failure, or a value computed across a rebuild', async () => {
    const cache = new FigureCache({ maxBytes: 1_000 });
    expect((await cache.get('big', async () => new Uint8Array(5_000))).byteLength).toBe(5_000);
    expect(cache.size).toBe(0);
    await expect(cache.get('bad', async () => { throw new Error('no'); })).rejects.toThrow('no');
    expect(cache.size).toBe(0);
    let release!: (v: string) => void;
    const slow = cache.get('slow', () => new Promise<string>((r) => (release = r)));
    cache.invalidate();
    release('old figures');
    await slow;
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('estimates rows of figures on the generous side of their JSON', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ code: `U${i}`, name: 'Ủy ban nhân dân xã Quảng Phú', out_total: i, sent_electronic_rate: i / 500, signed_rate: null }));
    expect(estimateBytes(rows)).toBeGreaterThan(Buffer.byteLength(JSON.stringify(rows)));
    expect(estimateBytes({ plain: new Uint8Array(140_000), gzip: new Uint8Array(15_000) })).toBeGreaterThan(155_000);
  });
});

// (bench/cache.ts makes 2,000 such requests of the real server and measures its memory)
describe('requests with distinct as_of dates', () => {
  let w: TestWarehouse;
  beforeAll(async () => {
    w = await testWarehouse();
    await w.load([w.file('a.csv', `${CANONICAL_HEADER}\n14809,C1,out,1/UBND,,,2020-10-06 08:00,normal,electronic,true,,\n380,I1,in,10/STC,,,2020-07-05 08:00,normal,electronic,,2020-07-10,\n`)]);
    await buildModels(w.db);
  });
  afterAll(() => w?.close());

  it('keep the cache under its bound (2 MB here; FIGURE_CACHE_MB, 64 MB by default), and the heap with it', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const maxBytes = 2 * 1024 * 1024;
    const cache = new FigureCache({ maxBytes });
    const app = createApp({ version: 't', ctx: w, settings: w.config.settings, sources: [], runSource: async () => [], access: null, figures: new Figures(w.db, cache), log: quietLog });
    // warm up (code, schemas, the registry), then start from an empty cache
    for (const path of ['/api/rates?period=2020-10&level=commune&as_of=2020-01-01', '/api/milestones?as_of=2020-01-01']) await (await app.request(path)).arrayBuffer();
    cache.invalidate();
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = 0;
    let unbounded = 0;
    const day0 = Date.parse('2020-10-01T00:00:00Z');
    for (let i = 0; i < 300; i++) {
      const asOf = new Date(day0 + i * 86_400_000).toISOString().slice(0, 10);
      // the largest figure (every commune, 559 rows) and the milestones, as a unit account could ask
      const path = i % 2 === 0 ? `/api/rates?period=2020-10&level=commune&as_of=${asOf}` : `/api/milestones?as_of=${asOf}`;
      const res = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
      await new Promise((r) => setImmediate(r)); // let the cache account for the value
      peak = Math.max(peak, cache.bytes);
      unbounded = Math.max(unbounded, cache.size);
    }
    expect(peak).toBeLessThanOrEqual(maxBytes);
    expect(peak).toBeGreaterThan(maxBytes / 2); // it was used, up to its bound
    expect(unbounded).toBeLessThan(60); // most of the 600 values were let go
    gc();
    const grown = process.memoryUsage().heapUsed - heapBefore;
    if (process.env['CACHE_TEST_PRINT']) console.log({ peak, held: cache.bytes, entries: cache.size, grown });
    // the estimate is generous (here 1.5 MB of heap for 2 MB estimated): what the heap holds
    // after all that stays within the bound, with 1 MB for whatever else the requests left
    expect(grown).toBeLessThan(maxBytes + 1024 * 1024);
  }, 120_000);
});
