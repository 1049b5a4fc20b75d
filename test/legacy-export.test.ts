// The demo's old iOffice installation (Quan Sơn, 387: simulator/systems.ts ioffice-v1) exports
// no sender and no processed_electronic column. Pulled from the simulator like any source, its
// units' processed rate is null — not recorded, with its completed documents counted in
// in_completed_unrecorded — never 0, while a unit of the current iOffice has one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { parsePeriod } from '../analytics/period.ts';
import { runSource } from '../ingest/sources/run-source.ts';
import type { Simulator } from '../simulator/index.ts';
import { compareWithTruth, simSource, smallProvince } from './helpers/simulated.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

let w: TestWarehouse;
let sim: Simulator;
beforeAll(async () => {
  w = await testWarehouse();
  sim = await smallProvince({ codes: ['P01', '381', '387'], now: '2020-12-31T17:00:00Z' });
  for (const system of ['tdoffice', 'ioffice', 'ioffice-v1'] as const) {
    const [r] = await runSource({ ...w, settings: w.config.settings, dataDir: w.dir }, simSource(sim, system), 'test');
    expect(r, system).toMatchObject({ status: 'succeeded', quarantined: 0 });
  }
  await buildModels(w.db);
});
afterAll(async () => {
  await sim?.close();
  w?.close();
});

describe('an old export without the Directive 15 columns', () => {
  it('loads as the simulator made it: no sender, no processing recorded for Quan Sơn', async () => {
    const { got, want } = await compareWithTruth(w, sim.groundTruth());
    expect(got).toEqual(want);
    const rows = await w.rows<{ old: boolean; recorded: number; incoming: number }>(`
      SELECT unit_code IN (SELECT code FROM unit_versions WHERE code = '387' OR parent_code = '387') AS old,
             count(*) FILTER (WHERE sender IS NOT NULL OR processed_electronic IS NOT NULL)::INTEGER AS recorded, count(*)::INTEGER AS incoming
      FROM documents WHERE direction = 'in' GROUP BY ALL ORDER BY old`);
    expect(rows[0]).toMatchObject({ old: false });
    expect(rows[0]!.recorded).toBeGreaterThan(0);
    expect(rows[1]).toMatchObject({ old: true, recorded: 0 });
    expect(rows[1]!.incoming).toBeGreaterThan(0);
  });

  it('gives Quan Sơn\'s units a null processed rate with its completeness, not 0; the received rate stays', async () => {
    const figures = new Figures(w.db, new FigureCache());
    const scope = { period: parsePeriod('2020-Q4'), asOf: '2020-12-31', includeBaseline: false };
    const units = await figures.ratesByUnit(scope, {});
    const old = units.filter((u) => u.code === '387' || u.parent_code === '387');
    expect(old.length).toBe(13);
    for (const u of old.filter((x) => x.in_total > 0)) {
      expect(u.processed_electronic_rate, u.code).toBeNull();
      expect(u.in_completed, u.code).toBe(0);
      expect(u.received_electronic_rate, u.code).not.toBeNull();
    }
    expect(old.reduce((n, u) => n + u.in_completed_unrecorded, 0)).toBeGreaterThan(0);
    // the district pooled: null too, saying how many completed documents it could not count
    const area = await figures.ratesOfArea(scope, '387');
    expect(area.processed_electronic_rate).toBeNull();
    expect(area.in_completed_unrecorded).toBe(old.reduce((n, u) => n + u.in_completed_unrecorded, 0));
    // a unit of the current iOffice records it
    expect(units.find((u) => u.code === '381')!.processed_electronic_rate).not.toBeNull();
  });
});
