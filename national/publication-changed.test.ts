// A roll-up racing a publish into the same folder (README "National roll-up"): a file whose
// checksum was checked is removed or replaced before the roll-up copies it to read. The race is made
// deterministic by changing the file right after the roll-up's check has hashed it: the
// checksum function of national/publish.ts, as rollup.ts imports it, does so when asked
// (vi.mock; publish itself keeps its own).
import { copyFileSync, cpSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors.ts';
import { twoPublishedProvinces } from '../test/helpers/national.ts';
import type { TestWarehouse } from '../test/helpers/warehouse.ts';
import type { Database } from '../warehouse/database.ts';
import { rollUp } from './rollup.ts';
import { openNationalWarehouse } from './warehouse.ts';

/**
 * What to do to a file around the computing of its checksum, in order: the first step waits
 * until its file is hashed (`after`: right after the hash; `before`: right before it).
 */
const race = vi.hoisted(() => ({ steps: [] as { path: string; when: 'before' | 'after'; change: (path: string) => void }[] }));

vi.mock('./publish.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./publish.ts')>();
  const step = (path: string, when: 'before' | 'after') => {
    const next = race.steps[0];
    if (next?.path === path && next.when === when) {
      race.steps.shift();
      next.change(path);
    }
  };
  return {
    ...original,
    sha256File: async (path: string) => {
      step(path, 'before');
      const hash = await original.sha256File(path);
      step(path, 'after');
      return hash;
    },
  };
});

let a: TestWarehouse;
let b: TestWarehouse;
let root: string;
let dirA: string;
let dirB: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cds-publication-changed-'));
  ({ a, b, dirA, dirB } = await twoPublishedProvinces(root));
}, 120_000);

afterAll(() => {
  a?.close();
  b?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Everything the warehouse holds of the provinces, to show a refusal changed nothing. */
const everything = (db: Database) => Promise.all(['national_provinces', 'national_months', 'national_registry', 'national_counts']
  .map((t) => db.all(`SELECT count(*)::INTEGER AS n, md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)) AS h FROM ${t} t`)));

describe('a publication changed during its roll-up', () => {
  const month = 'counts/province=40/year=2020/month=10/data_0.parquet';
  it.each([
    ['a month\'s file removed', month, 'was removed', [{ when: 'after', change: (path: string) => rmSync(path) }]],
    ['the registry truncated', 'registry/province=40/data_0.parquet', 'was replaced', [{ when: 'after', change: (path: string) => truncateSync(path, 0) }]],
    // a publish of other counts: valid Parquet, which read in place would have been loaded under the checked file's hash
    ['a month\'s file replaced by other counts', month, 'was replaced', [{ when: 'after', change: (path: string) => copyFileSync(join(dirA, 'counts/province=38/year=2020/month=10/data_0.parquet'), path) }]],
  ] as const)('%s after its check: publication_changed, naming the province and the folder, and nothing loaded', async (name, file, how, steps) => {
    // Nghệ An's publication copied, so that each case finds its own whole
    const dir = join(root, `pub-40-${name.replace(/\W+/g, '-')}`);
    cpSync(dirB, dir, { recursive: true });
    const db = await openNationalWarehouse(':memory:');
    try {
      await rollUp(db, [dirA]);
      const held = await everything(db);
      race.steps = steps.map((s) => ({ path: join(dir, file), ...s }));
      const err = await rollUp(db, [dirA, dir]).catch((e: unknown) => e);
      expect(race.steps).toEqual([]); // each step was taken
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ status: 409, code: 'publication_changed', details: { province: '40', dir, path: join(dir, file) } });
      expect((err as AppError).message).toContain(`Province 40 (Nghệ An): its publication in ${dir} changed while it was being rolled up (${join(dir, file)} ${how} after its checksum was checked`);
      expect((err as AppError).message).toContain('Nothing was loaded: run the roll-up again once the publication is finished.');
      expect(await everything(db)).toEqual(held);
      // once the publication is whole again, the roll-up loads it
      cpSync(dirB, dir, { recursive: true });
      expect((await rollUp(db, [dirA, dir])).map((l) => [l.province, l.loaded])).toEqual([['38', []], ['40', ['2020-10']]]);
    } finally {
      race.steps = [];
      db.close();
    }
  });

  it('leaves any other failure of the read as it is', async () => {
    // no file changed: the failure is not the publication's, and is not dressed as one
    const db = await openNationalWarehouse(':memory:');
    try {
      await db.all('DROP TABLE national_registry');
      const err = await rollUp(db, [dirB]).catch((e: unknown) => e);
      expect(err).not.toBeInstanceOf(AppError);
      expect(String(err)).toContain('national_registry');
    } finally {
      db.close();
    }
  });
});
