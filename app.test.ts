import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildModels } from './analytics/build.ts';
import { FigureCache } from './analytics/figure-cache.ts';
import { Figures } from './analytics/figures.ts';
import { createApp } from './app.ts';
import type { SourceConfig } from './config.ts';
import { CANONICAL_HEADER } from './test/helpers/exports.ts';
import { testWarehouse, type TestWarehouse } from './test/helpers/warehouse.ts';
import { quietLog } from './test/helpers/logs.ts';

let w: TestWarehouse;
const sources: SourceConfig[] = [{ id: 'drop', kind: 'folder', path: 'inbox', schedule: '*/5 * * * *', enabled: true }];
const app = () => createApp({ version: 'test', ctx: w, settings: w.config.settings, sources, runSource: async () => [], access: null, figures: new Figures(w.db, new FigureCache()), log: quietLog });

beforeEach(async () => {
  w = await testWarehouse();
  await w.load([w.file('a.csv', `${CANONICAL_HEADER}\nP01,A1,out,,,,2020-06-01 08:00,normal,electronic,true,,\nXX,A2,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`)], { sourceId: 'drop' });
  // (the quarantine's status comes from the models, as the service builds them after a load)
  await buildModels(w.db);
});
afterEach(() => w.close());

describe('ingestion API', () => {
  it('lists sources with their freshness', async () => {
    const res = await app().request('/api/sources');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.sources).toEqual([
      expect.objectContaining({ id: 'drop', kind: 'folder', location: 'inbox', last_run_id: 1, rows_loaded_total: 1, failing: false, stale: false }),
    ]);
  });

  it('pages the run log and the quarantine', async () => {
    const runs = await (await app().request('/api/runs?source=drop&limit=10')).json();
    expect(runs.runs).toEqual([expect.objectContaining({ run_id: 1, status: 'succeeded', rows_received: 2, rows_loaded: 1, rows_quarantined: 1 })]);
    const q = await (await app().request('/api/quarantine?run=1')).json();
    expect(q.total).toBe(1);
    expect(q.rows[0]).toMatchObject({
      file: 'a.csv', row_no: 3, field: 'unit_code', status: 'open', event_date: '2020-06-01', date_basis: 'event_time',
      reason_vi: 'Mã đơn vị "XX" không có trong danh mục đơn vị.',
      problems: [expect.objectContaining({ code: 'unknown_unit', message_vi: 'Mã đơn vị "XX" không có trong danh mục đơn vị.' })],
    });
  });

  it('answers bad parameters with 400, unknown routes and sources with 404, as JSON', async () => {
    const bad = await app().request('/api/runs?limit=0');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'invalid_parameter', message: expect.stringContaining('limit') });
    const injected = await app().request(`/api/runs?source=${encodeURIComponent("x' OR 1=1 --")}`);
    expect(injected.status).toBe(400);
    expect((await app().request('/api/nothing')).status).toBe(404);
    // a date out of range is named by its parameter, with the code of a bad date
    const early = await app().request('/api/milestones?as_of=1999-12-31');
    expect(early.status).toBe(400);
    expect((await early.json()).error).toEqual({
      code: 'invalid_date', message: 'as_of "1999-12-31" is out of range: the year must be between 2000 and 2100.', details: { parameter: 'as_of' },
    });
    const unknown = await app().request('/api/sources/nope/run', { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('unknown_source');
  });

  it('answers /api/ready while the warehouse answers a query, and 503 when it does not (closed, or invalidated by a fatal error), saying nothing of the cause', async () => {
    const ready = () => createApp({ version: 'test', ctx: w, settings: w.config.settings, sources, runSource: async () => [], access: null, figures: new Figures(w.db, new FigureCache()), log: quietLog, ready: () => w.db.all('SELECT 1') });
    const res = await ready().request('/api/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
    w.db.close();
    const down = await ready().request('/api/ready');
    expect(down.status).toBe(503);
    const body = await down.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('warehouse_unavailable');
    expect(JSON.stringify(body)).not.toMatch(/instance closed|Error:/);
    // liveness is not readiness: the process still answers
    expect((await ready().request('/api/health')).status).toBe(200);
  });

  it('hides internals of unexpected errors', async () => {
    w.db.close();
    const res = await app().request('/api/sources');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('internal_error');
    expect(text).not.toMatch(/at .*\.ts|Error:/);
  });
});
