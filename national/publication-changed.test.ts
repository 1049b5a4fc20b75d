// A roll-up racing a publish into the same folder (README "National roll-up"): the roll-up
// reads private copies of the files, each checked against its manifest, so what it loads is
// what it checked. The race is made deterministic through the checksum function of
// national/publish.ts as rollup.ts imports it (vi.mock; publish itself keeps its own): when
// it hashes a copy, the publication's own file is changed.
import { copyFileSync, cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors.ts';
import { everythingHeld, publishedProvinces } from '../test/helpers/national.ts';
import { rollUp } from './rollup.ts';
import { openNationalWarehouse } from './warehouse.ts';

/** Called with the path of each file hashed by the roll-up, before it is hashed. */
const race = vi.hoisted(() => ({ onHash: null as ((path: string) => void) | null }));

vi.mock('./publish.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./publish.ts')>();
  return {
    ...original,
    sha256File: async (path: string) => {
      race.onHash?.(path);
      return original.sha256File(path);
    },
  };
});

const pub = publishedProvinces('cds-publication-changed-');

afterEach(() => {
  race.onHash = null;
});

const OCTOBER = 'counts/province=40/year=2020/month=10/data_0.parquet';

describe('a publish racing the roll-up', () => {
  it('loads the counts it checked, not a file replaced in the publication after its copy was checked', async () => {
    const dir = join(pub.root, 'pub-40-racing');
    cpSync(pub.dirB, dir, { recursive: true });
    const expected = await openNationalWarehouse(':memory:');
    const db = await openNationalWarehouse(':memory:');
    try {
      await rollUp(expected, [dir]);
      // as the roll-up hashes its copy of October, the publication's October becomes other
      // valid counts (Thanh Hóa's): read in place, they would be loaded under Nghệ An's hash
      race.onHash = (path) => {
        if (path.endsWith(OCTOBER.split('/').join(sep)) && !path.startsWith(dir)) {
          race.onHash = null;
          copyFileSync(join(pub.dirA, 'counts/province=38/year=2020/month=10/data_0.parquet'), join(dir, OCTOBER));
        }
      };
      await rollUp(db, [dir]);
      expect(race.onHash).toBeNull(); // the race happened
      expect(await everythingHeld(db, ['national_counts', 'national_registry'])).toEqual(await everythingHeld(expected, ['national_counts', 'national_registry']));
      // a roll-up into another warehouse, after the race, refuses the file as it is now
      const fresh = await openNationalWarehouse(':memory:');
      const err = await rollUp(fresh, [dir]).catch((e: unknown) => e).finally(() => fresh.close());
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'checksum_mismatch' });
      expect((err as AppError).message).toContain(`if the province is publishing into ${dir} now, run the roll-up again once it has finished`);
    } finally {
      expected.close();
      db.close();
    }
  });
});

describe('the roll-up\'s copies', () => {
  const saved = process.env.TMPDIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  });

  it('are removed after a roll-up, a refusal and a failure of the load', async () => {
    const temp = mkdtempSync(join(pub.root, 'tmp-'));
    process.env.TMPDIR = temp;
    const db = await openNationalWarehouse(':memory:');
    try {
      await rollUp(db, [pub.dirA]);
      expect(readdirSync(temp)).toEqual([]);
      const corrupt = join(pub.root, 'pub-40-corrupt-copies');
      cpSync(pub.dirB, corrupt, { recursive: true });
      copyFileSync(join(pub.dirA, 'counts/province=38/year=2020/month=10/data_0.parquet'), join(corrupt, OCTOBER));
      await expect(rollUp(db, [corrupt])).rejects.toMatchObject({ code: 'checksum_mismatch' });
      expect(readdirSync(temp)).toEqual([]);
      await db.all('DROP TABLE national_counts');
      await expect(rollUp(db, [pub.dirB])).rejects.toThrow(/national_counts/);
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
