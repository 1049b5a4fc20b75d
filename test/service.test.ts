import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startService, type Service } from '../service.ts';
import { repoRoot } from './helpers/warehouse.ts';
import { quietLogKept } from './helpers/logs.ts';

let service: Service;
let dir: string;
const logs = quietLogKept();
let token: string;
const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  return { status: res.status, type: res.headers.get('content-type'), body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.arrayBuffer() };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cds-service-'));
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', SIM_SCALE: '0.1', SETTINGS_FILE: join(repoRoot, 'config/settings.json'), WAL_CHECKPOINT_MB: '2' });
  service = await startService(config, logs.log);
  const runs = await service.ready;
  expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  token = (await service.access.store.createToken('admin', 'service test')).token;
}, 120_000);
afterAll(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the service over a loaded simulator province (real HTTP)', () => {
  it('answers every figure endpoint', async () => {
    const units = await get('/api/units');
    expect(units.body.units).toHaveLength(606);

    const ranking = await get('/api/ranking?period=2021-06');
    expect(ranking.status).toBe(200);
    expect(ranking.body.units).toHaveLength(27);
    const ranked = ranking.body.units.filter((d: { rank: number | null }) => d.rank !== null);
    expect(ranked.length).toBeGreaterThan(20);
    expect(ranked[0].rank).toBe(1);
    expect(ranked.every((d: { previous_rank: number | null }) => d.previous_rank !== null)).toBe(true);

    const communes = await get('/api/rates?period=2021-Q2&level=commune');
    expect(communes.body.units).toHaveLength(559);
    const province = await get('/api/rates?period=2021&area=38');
    const everyUnit = await get('/api/rates?period=2021');
    const sum = (k: string) => everyUnit.body.units.reduce((n: number, u: Record<string, number>) => n + u[k]!, 0);
    expect(everyUnit.body.units).toHaveLength(606);
    for (const k of ['out_total', 'out_electronic', 'out_signed', 'in_on_time', 'in_late', 'in_pending', 'secret_excluded']) {
      expect(province.body.area[k], k).toBe(sum(k));
    }
    expect(province.body.area.out_total).toBeGreaterThan(1000);
    expect(province.body.area.sent_electronic_rate).toBeGreaterThan(0.8);

    const milestones = await get('/api/milestones');
    expect(milestones.body.levels.map((l: { level: string }) => l.level)).toEqual(['province', 'district', 'commune']);
    // adoption climbs at the milestone: the required phase beats the baseline
    for (const l of milestones.body.levels) expect(l.required.sent_electronic_rate).toBeGreaterThan(l.baseline.sent_electronic_rate);

    const worst = ranked.at(-1).code;
    const violations = await get(`/api/violations?unit=${worst}&period=2021&limit=5`);
    expect(violations.status).toBe(200);
    expect(violations.body.rows.length).toBeGreaterThan(0);
    expect(violations.body.rows[0]).toMatchObject({ unit_code: worst, file: expect.stringContaining('/systems/'), row_no: expect.any(Number) });

    const trend = await get('/api/trend?area=38&from=2020-01&to=2021-12', { accept: 'application/vnd.apache.arrow.stream' });
    expect(trend.type).toBe('application/vnd.apache.arrow.stream');
    expect((trend.body as ArrayBuffer).byteLength).toBeGreaterThan(100);

    const sources = await get('/api/sources');
    expect(sources.body.sources.map((s: { id: string; stale: boolean; failing: boolean }) => [s.id, s.stale, s.failing])).toEqual([
      ['demo-tdoffice', false, false], ['demo-ioffice', false, false], ['demo-voffice', false, false], ['demo-ioffice-v1', false, false],
    ]);
  });

  it('brings the figures up to date after each load incrementally, to the same marts as a full rebuild', async () => {
    const db = service.ctx.db;
    // a source may load again after start-up (its schedule), and its build follows the load:
    // wait for the builds to reach the last run (a run never built fails here, after 60 s)
    const caughtUp = async () => {
      const [{ runs }] = await db.all<{ runs: number }>(`SELECT max(run_id)::INTEGER AS runs FROM ingest_runs`) as [{ runs: number }];
      const [{ built }] = await db.all<{ built: number }>(`SELECT max(last_run)::INTEGER AS built FROM model_builds`) as [{ built: number }];
      return built === runs;
    };
    await expect.poll(caughtUp, { timeout: 60_000, interval: 200 }).toBe(true);
    const builds = await db.all<{ kind: string; last_run: number }>(`SELECT kind, last_run::INTEGER AS last_run FROM model_builds ORDER BY build_id`);
    const [{ runs }] = await db.all<{ runs: number }>(`SELECT max(run_id)::INTEGER AS runs FROM ingest_runs`) as [{ runs: number }];
    expect(builds[0]!.kind).toBe('full'); // at start-up
    expect(builds.slice(1).map((b) => b.kind)).toEqual(builds.slice(1).map(() => 'incremental'));
    expect(builds.length).toBeGreaterThan(1);
    expect(builds.at(-1)!.last_run).toBe(runs);
    await db.all(`CREATE OR REPLACE TABLE fct_unit_day_before AS FROM fct_unit_day`);
    await db.all(`CREATE OR REPLACE TABLE fct_unit_day_incoming_before AS FROM fct_unit_day_incoming`);
    await service.rebuild();
    for (const m of ['fct_unit_day', 'fct_unit_day_incoming']) {
      const [diff] = await db.all<{ n: number }>(`SELECT ((SELECT count(*) FROM (FROM ${m}_before EXCEPT ALL FROM ${m})) + (SELECT count(*) FROM (FROM ${m} EXCEPT ALL FROM ${m}_before)))::INTEGER AS n`);
      expect(diff!.n, m).toBe(0);
      await db.all(`DROP TABLE ${m}_before`);
    }
  }, 120_000);

  it('rebuilds the figures after a load, and the data tests pass', async () => {
    const before = service.figures.cache.generation;
    await service.rebuild();
    expect(service.figures.cache.generation).toBe(before + 1);
  });

  it('writes the write-ahead log into the database file in the background after a build, once it holds WAL_CHECKPOINT_MB', async () => {
    const db = service.ctx.db;
    const wal = () => statSync(`${db.path}.wal`, { throwIfNoEntry: false })?.size ?? 0;
    // what earlier builds left running in the background first (their checkpoint among it)
    await service.afterBuilds();
    // small appends are logged (a transaction's full row groups go straight into the file)
    await db.all('CREATE TABLE logged (i BIGINT, h VARCHAR)');
    for (let k = 0; k < 4; k++) await db.all(`INSERT INTO logged SELECT i, md5(i::VARCHAR) FROM range(${k * 50000}, ${(k + 1) * 50000}) r(i)`);
    expect(wal()).toBeGreaterThan(4 * 1024 * 1024);
    const seen = logs.lines.length;
    const checkpoints = () => logs.entries().slice(seen).filter((e) => e['component'] === 'warehouse' && String(e['msg']).startsWith('checkpoint:'));
    await service.rebuild();
    const built = Date.now();
    await service.afterBuilds();
    const [done] = checkpoints();
    expect(checkpoints()).toHaveLength(1);
    expect(done!['walBytes']).toBeGreaterThan(4 * 1024 * 1024);
    // not in the build's answer: two seconds after it, so the requests that follow a build go first
    expect(Date.parse(String(done!['time']))).toBeGreaterThanOrEqual(built + 1_900);
    expect(wal()).toBeLessThan(2 * 1024 * 1024);
    const [row] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM logged');
    expect(row!.n).toBe(200_000);
    await db.all('DROP TABLE logged');
  });
});
