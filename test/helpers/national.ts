// Two small provinces for the national roll-up's tests (national/national.test.ts,
// test/national-dashboard.test.ts): their exports, and their warehouses built and published.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildModels } from '../../analytics/build.ts';
import type { Database } from '../../warehouse/database.ts';
import { publish } from '../../national/publish.ts';
import { CANONICAL_HEADER } from './exports.ts';
import { testWarehouse, type TestWarehouse } from './warehouse.ts';

// unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time
export const A_ROWS = [
  '381,A7,out,7/UBND,,,2020-09-10 08:00,normal,electronic,true,,', // September: 1 of 1 sent, 1 signed
  '380,A1,out,1/UBND,,,2020-10-05 08:00,normal,electronic,true,,',
  '380,A2,out,2/UBND,,,2020-10-05 09:00,normal,paper,false,,',
  'P02,A3,out,3/STP,,,2020-10-06 08:00,normal,electronic,false,,',
  '14809,A4,out,4/UBND,,,2020-10-06 09:00,normal,electronic,true,,',
  '380,A5,in,5/STC,,,2020-10-03 08:00,normal,electronic,,2020-10-05,2020-10-05 10:00', // on time
  '380,A6,in,6/STC,,,2020-10-03 09:00,normal,paper,,2020-10-05,2020-10-09 10:00', // late
];
// October A: out 4, electronic 3, signed 2; on time 1, late 1
export const B_ROWS = [
  '382,B1,out,1/UBND,,,2020-10-07 08:00,normal,electronic,true,,',
  '382,B2,out,2/UBND,,,2020-10-07 09:00,normal,electronic,true,,',
  'P03,B3,in,3/STC,,,2020-10-02 08:00,normal,electronic,,2020-10-10,2020-10-08 10:00', // on time
  'P03,B4,in,4/STC,,,2020-10-02 09:00,normal,electronic,,2020-10-04,', // open past its deadline: late
  'P03,B5,in,5/STC,,,2020-10-02 10:00,normal,electronic,,2021-01-15,', // open, deadline after as_of: pending
];
// October B: out 2, electronic 2, signed 2; on time 1, late 1, pending 1
export const AS_OF = '2020-12-31';

/** A province's warehouse (the project's registry) with `rows` loaded and its models built. */
export async function provinceWarehouse(rows: string[]): Promise<TestWarehouse> {
  const w = await testWarehouse();
  const s = await w.load([w.file('export.csv', `${CANONICAL_HEADER}\n${rows.join('\n')}\n`)]);
  if (s.status !== 'succeeded') throw new Error(`load failed: ${s.error}`);
  await buildModels(w.db);
  return w;
}

/**
 * Thanh Hóa's warehouse (the project's registry) with one electronic, signed document of every
 * unit in force on each of `days` (YYYY-MM-DD), its models built: a province complete in
 * those days' months.
 */
export async function provinceWithEveryUnitOn(...days: string[]): Promise<TestWarehouse> {
  const w = await testWarehouse();
  const rows: string[] = [];
  for (const day of days) {
    const units = await w.rows<{ code: string }>(
      'SELECT DISTINCT code FROM unit_versions WHERE valid_from <= $day::DATE AND valid_to >= $day::DATE ORDER BY code', { day });
    rows.push(...units.map((u, i) => `${u.code},C${day}-${i},out,${i}/UBND,,,${day} 08:00,normal,electronic,true,,`));
  }
  const s = await w.load([w.file('export.csv', `${CANONICAL_HEADER}\n${rows.join('\n')}\n`)]);
  if (s.status !== 'succeeded') throw new Error(`load failed: ${s.error}`);
  await buildModels(w.db);
  return w;
}

/** Both provinces built and published under root (pub-38: Thanh Hóa, pub-40: Nghệ An), as of AS_OF. */
export async function twoPublishedProvinces(root: string): Promise<{ a: TestWarehouse; b: TestWarehouse; dirA: string; dirB: string }> {
  const [a, b] = await Promise.all([provinceWarehouse(A_ROWS), provinceWarehouse(B_ROWS)]);
  const dirA = join(root, 'pub-38');
  const dirB = join(root, 'pub-40');
  await publish(a.db, { outDir: dirA, province: '38', provinceName: 'Thanh Hóa', asOf: AS_OF });
  await publish(b.db, { outDir: dirB, province: '40', provinceName: 'Nghệ An', asOf: AS_OF });
  return { a, b, dirA, dirB };
}

const NATIONAL_TABLES = ['national_provinces', 'national_months', 'national_registry', 'national_counts'];

/** What a national warehouse holds of the provinces, table by table (a count and a hash), to show a refusal changed nothing. */
export const everythingHeld = (db: Database, tables: string[] = NATIONAL_TABLES) => Promise.all(tables
  .map((t) => db.all(`SELECT count(*)::INTEGER AS n, md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)) AS h FROM ${t} t`)));

/**
 * Both provinces published under a temporary folder for the tests of a file (beforeAll),
 * their warehouses closed and the folder removed after (afterAll); read its fields in tests.
 */
export function publishedProvinces(prefix: string): { root: string; dirA: string; dirB: string } {
  const held = { root: '', dirA: '', dirB: '' };
  let warehouses: TestWarehouse[] = [];
  beforeAll(async () => {
    held.root = mkdtempSync(join(tmpdir(), prefix));
    const { a, b, dirA, dirB } = await twoPublishedProvinces(held.root);
    warehouses = [a, b];
    Object.assign(held, { dirA, dirB });
  }, 120_000);
  afterAll(() => {
    for (const w of warehouses) w.close();
    if (held.root) rmSync(held.root, { recursive: true, force: true });
  });
  return held;
}
