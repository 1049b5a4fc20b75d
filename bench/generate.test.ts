import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';
import { CANONICAL_HEADER, updatePlan, writeExport, writeUpdateExport } from './generate.ts';
import { phases } from './load.ts';

let w: TestWarehouse;
beforeEach(async () => {
  w = await testWarehouse();
});
afterEach(() => w.close());

describe('benchmark export generator', () => {
  it('writes the same bytes for the same seed, other bytes for another seed', async () => {
    const a = join(w.dir, 'a.csv');
    const b = join(w.dir, 'b.csv');
    const c = join(w.dir, 'c.csv');
    await writeExport(a, 2_000, 7);
    await writeExport(b, 2_000, 7);
    await writeExport(c, 2_000, 8);
    const text = readFileSync(a, 'utf8');
    expect(text).toBe(readFileSync(b, 'utf8'));
    expect(text).not.toBe(readFileSync(c, 'utf8'));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(CANONICAL_HEADER);
    expect(lines).toHaveLength(2_001);
  });

  it('produces exports the project loads without quarantine, and an update export that updates and adds', async () => {
    const rows = 20_000;
    const full = join(w.dir, 'full.csv');
    const update = join(w.dir, 'update.csv');
    await writeExport(full, rows, 3);
    const plan = await writeUpdateExport(update, rows, 3);
    expect(plan).toEqual(updatePlan(rows));

    const first = await w.load([full]);
    expect(first).toMatchObject({ status: 'succeeded', received: rows, loaded: rows, quarantined: 0 });
    const second = await w.load([update]);
    expect(second).toMatchObject({ status: 'succeeded', received: plan.rows, updated: plan.updated, loaded: plan.added, unchanged: 0, quarantined: 0 });

    const [row] = await w.rows<Record<string, number | string>>(`
      SELECT avg((direction = 'out')::INT)::DOUBLE AS out_share,
             avg((security <> 'normal')::INT)::DOUBLE AS secret_share,
             (avg((deadline IS NOT NULL)::INT) FILTER (WHERE direction = 'in'))::DOUBLE AS deadline_share_in,
             count(DISTINCT unit_code)::INTEGER AS units,
             (count(*) FILTER (WHERE doc_type = 'Công văn'))::INTEGER AS cong_van,
             min(event_date)::VARCHAR AS first_day, max(event_date)::VARCHAR AS last_day
      FROM documents`);
    const mix = row as Record<string, number>;
    expect(mix['out_share']).toBeGreaterThan(0.42);
    expect(mix['out_share']).toBeLessThan(0.48);
    expect(mix['secret_share']).toBeGreaterThan(0.001);
    expect(mix['secret_share']).toBeLessThan(0.01);
    expect(mix['deadline_share_in']).toBeGreaterThan(0.55);
    expect(mix['deadline_share_in']).toBeLessThan(0.65);
    expect(mix['units']).toBeGreaterThan(550);
    expect(mix['cong_van']).toBeGreaterThan(rows * 0.4); // NFD spellings are normalised to NFC by the load
    expect(String(mix['first_day']) >= '2020-01-01' && String(mix['last_day']) <= '2021-12-31').toBe(true);
  });
});

describe('load phases', () => {
  it('splits the load at its progress messages', () => {
    const marks = [
      { t: 1_500, message: 'reading x.csv (csv, 1 MB)' },
      { t: 1_600, message: 'normalising' },
      { t: 3_600, message: 'normalising: 50 % (10 rows read)' },
      { t: 5_600, message: 'merging into the warehouse' },
    ];
    expect(phases(1_000, marks, 9_600)).toEqual([
      { name: 'archiving', seconds: 0.5 },
      { name: 'reading', seconds: 0.1 },
      { name: 'normalising', seconds: 4 },
      { name: 'merging', seconds: 4 },
    ]);
  });
});
