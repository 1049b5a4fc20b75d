import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../config.ts';
import { readUnitsCsv, systemOf, type Simulator, type SystemId } from '../simulator/index.ts';
import { runSource } from '../ingest/sources/run-source.ts';
import { compareWithTruth, simSource, smallProvince } from './helpers/simulated.ts';
import { repoRoot, testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

const units = new Map(readUnitsCsv(`${repoRoot}/config/units.csv`).map((u) => [u.code, u]));
const systemOfCode = (code: string) => systemOf(units.get(code)!);

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

const SYSTEMS: SystemId[] = ['tdoffice', 'ioffice', 'voffice'];

let w: TestWarehouse;
let sim: Simulator;
const run = (source: SourceConfig) => runSource({ ...w, settings: w.config.settings, dataDir: w.dir }, source, 'test');

afterEach(async () => {
  await sim?.close();
  w?.close();
});

describe('HTTP sources against the simulated document systems', () => {
  beforeEach(async () => {
    w = await testWarehouse();
  });

  it('pull every system, in its own dialect, until the warehouse equals the ground truth', async () => {
    sim = await smallProvince({ now: '2021-03-31T17:00:00Z' });
    for (const system of SYSTEMS) {
      const [r] = await run(simSource(sim, system, { pageSize: 100 }));
      expect(r, system).toMatchObject({ status: 'succeeded', quarantined: 0, updated: 0 });
      expect(r!.received).toBeGreaterThan(0);
      expect(r!.files.length).toBeGreaterThan(1); // several pages, one atomic run
    }
    const { got, want } = await compareWithTruth(w, sim.groundTruth());
    expect(got.length).toBe(want.length);
    expect(got).toEqual(want);

    // incremental: nothing new at the same clock
    for (const system of SYSTEMS) expect((await run(simSource(sim, system)))[0]).toMatchObject({ status: 'succeeded', received: 0 });

    // later, new documents appear and open ones get completed: only those are pulled
    sim.setNow('2021-06-30T17:00:00Z');
    let updated = 0;
    for (const system of SYSTEMS) {
      const [r] = await run(simSource(sim, system));
      expect(r).toMatchObject({ status: 'succeeded', quarantined: 0, unchanged: 0 });
      updated += r!.updated;
    }
    expect(updated).toBeGreaterThan(0);
    const after = await compareWithTruth(w, sim.groundTruth());
    expect(after.got).toEqual(after.want);
    const history = await w.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM document_history WHERE completed_time IS NULL`);
    expect(history[0]!.n).toBe(updated);
  });

  it('a failing source does not stop the others, and each keeps its own success and error', async () => {
    sim = await smallProvince({ now: '2020-12-31T17:00:00Z' });
    const sources: SourceConfig[] = [
      simSource(sim, 'tdoffice'),
      simSource(sim, 'ioffice', { id: 'bad-token', headers: { Authorization: 'Bearer wrong' } }),
      simSource(sim, 'voffice', { id: 'nobody-home', url: `http://127.0.0.1:${await closedPort()}/systems/voffice/export` }),
      simSource(sim, 'voffice'),
    ];
    const results = await Promise.all(sources.map((s) => run(s)));
    const [td, badToken, nobody, vo] = results.map((r) => r[0]!);
    expect(td).toMatchObject({ status: 'succeeded' });
    expect(vo).toMatchObject({ status: 'succeeded' });
    expect(badToken).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 401/) });
    expect(badToken!.error).not.toMatch(/after \d attempts/); // a 401 is not retried
    expect(nobody).toMatchObject({ status: 'failed', error: expect.stringMatching(/ECONNREFUSED.*\(after 3 attempts\)/) });
    const state = await w.rows(`SELECT source_id, last_success_at IS NOT NULL AS ok, last_error IS NOT NULL AS err FROM source_state ORDER BY source_id`);
    expect(state).toEqual([
      { source_id: 'bad-token', ok: false, err: true },
      { source_id: 'nobody-home', ok: false, err: true },
      { source_id: 'sim-tdoffice', ok: true, err: false },
      { source_id: 'sim-voffice', ok: true, err: false },
    ]);
    const runs = await w.rows<{ bad: number }>(`SELECT count(*) FILTER (WHERE rows_received <> rows_loaded + rows_updated + rows_unchanged + rows_quarantined)::INTEGER AS bad FROM ingest_runs`);
    expect(runs[0]!.bad).toBe(0);
  });

  it('a body cut short fails the whole run, keeps nothing and keeps the watermark; the next run heals', async () => {
    sim = await smallProvince({ now: '2020-12-31T17:00:00Z', faults: { truncateRate: 1 } });
    const source = simSource(sim, 'ioffice');
    const [r] = await run(source);
    expect(r).toMatchObject({ status: 'failed' });
    expect(r!.error).toMatch(/cut short|broke off|fewer columns|not closed/);
    expect(await w.rows(`SELECT count(*)::INTEGER AS n FROM documents`)).toEqual([{ n: 0 }]);
    expect(await w.rows(`SELECT watermark FROM source_state`)).toEqual([{ watermark: null }]);
    sim.setFaults({});
    expect((await run(source))[0]).toMatchObject({ status: 'succeeded', quarantined: 0 });
    const { got, want } = await compareWithTruth(w, sim.groundTruth().filter((d) => systemOfCode(d.unit_code) === 'ioffice'));
    expect(got).toEqual(want);
  });

  it('retries server errors with backoff, and gives up on a server that never answers', async () => {
    sim = await smallProvince({ now: '2020-12-31T17:00:00Z', faults: { errorRate: 0.4 } });
    const [ok] = await run(simSource(sim, 'tdoffice', { retry: { attempts: 8, backoffMs: 5 } }));
    expect(ok).toMatchObject({ status: 'succeeded' });
    sim.setFaults({ timeoutRate: 1, timeoutMs: 30_000 });
    const [slow] = await run(simSource(sim, 'voffice', { timeoutMs: 200, retry: { attempts: 2, backoffMs: 5 } }));
    expect(slow).toMatchObject({ status: 'failed', error: expect.stringMatching(/no answer within 200 ms \(after 2 attempts\)/) });
  });

  it('duplicate pages load as unchanged rows, not as second documents', async () => {
    sim = await smallProvince({ now: '2020-12-31T17:00:00Z', faults: { duplicatePageRate: 0.5 } });
    const [r] = await run(simSource(sim, 'tdoffice', { pageSize: 100 }));
    expect(r).toMatchObject({ status: 'succeeded', quarantined: 0 });
    expect(r!.unchanged).toBeGreaterThan(0);
    const { got, want } = await compareWithTruth(w, sim.groundTruth().filter((d) => systemOfCode(d.unit_code) === 'tdoffice'));
    expect(got).toEqual(want);
    expect(r!.loaded).toBe(want.length);
    expect(r!.received).toBe(r!.loaded + r!.unchanged);
  });
});
