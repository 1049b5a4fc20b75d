import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';
import { loadReference } from './reference.ts';

let w: TestWarehouse;
beforeEach(async () => { w = await testWarehouse(); });
afterEach(() => w.close());

const estimatedUnits = async () =>
  (await w.rows<{ n: number }>(`SELECT estimated_size::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'units'`))[0]!.n;

describe('loading the reference data', () => {
  it('leaves the tables untouched when the configuration is unchanged, so row estimates do not grow with every start', async () => {
    const before = await estimatedUnits();
    for (let k = 0; k < 5; k++) expect(await loadReference(w.db, w.config)).toEqual({ units: 606, changed: false });
    expect(await estimatedUnits()).toBe(before);
    expect(before).toBeLessThan(2 * 606);
  });

  it('writes a changed milestone or team, and reports the change', async () => {
    const settings = structuredClone(w.config.settings);
    settings.milestones.commune = '2020-10-01';
    settings.teams[0]!.name = 'Đoàn kiểm tra số 1 (mới)';
    expect(await loadReference(w.db, { ...w.config, settings })).toEqual({ units: 606, changed: true });
    expect(await w.rows(`SELECT milestone::VARCHAR AS m FROM milestones WHERE level = 'commune'`)).toEqual([{ m: '2020-10-01' }]);
    expect(await w.rows(`SELECT name FROM teams WHERE team_id = $id`, { id: settings.teams[0]!.id })).toEqual([{ name: 'Đoàn kiểm tra số 1 (mới)' }]);
    // and back: the original configuration is a change again, then not
    expect((await loadReference(w.db, w.config)).changed).toBe(true);
    expect((await loadReference(w.db, w.config)).changed).toBe(false);
  });
});
