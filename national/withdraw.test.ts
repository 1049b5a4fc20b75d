// Withdrawing a province, or some of its months, from a national warehouse (README "National
// roll-up"): the two small provinces of national/national.test.ts (test/helpers/national.ts),
// rolled up, withdrawn from and rolled up again; and the command line through its real entry.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../analytics/period.ts';
import { createNationalApp } from '../app.ts';
import { AppError } from '../errors.ts';
import { quietLog } from '../test/helpers/logs.ts';
import { AS_OF, everythingHeld, publishedProvinces } from '../test/helpers/national.ts';
import { runProgram } from '../test/helpers/cli.ts';
import { repoRoot, tsNode } from '../test/helpers/warehouse.ts';
import type { Database } from '../warehouse/database.ts';
import { NationalFigures } from './figures.ts';
import { nationalProvinces, rollUp } from './rollup.ts';
import { nationalRoutes } from './routes.ts';
import { openNationalWarehouse } from './warehouse.ts';
import { setExpected } from './expect.ts';
import { parseWithdrawals, withdraw } from './withdraw.ts';

const october = { period: parsePeriod('2020-10'), asOf: AS_OF, includeBaseline: false };

const pub = publishedProvinces('cds-withdraw-');

/** A national warehouse of its own with both provinces rolled up, for fn. */
async function withNational(fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await openNationalWarehouse(':memory:');
  try {
    await setExpected(db, ['38', '40']);
    await rollUp(db, [pub.dirA, pub.dirB]);
    await fn(db);
  } finally {
    db.close();
  }
}

/** Everything the warehouse holds of the provinces, to show a refusal changed nothing. */
const everything = (db: Database) => everythingHeld(db);

describe('withdrawing from a national warehouse', () => {
  it('reads --withdraw as a province or a province and a month, merged by province', () => {
    expect(parseWithdrawals(['40:2025-08', '40:2025-07', '38', '38:2025-07', '40:2025-07'])).toEqual([
      { province: '40', whole: false, months: ['2025-07', '2025-08'] },
      { province: '38', whole: true, months: [] },
    ]);
    for (const bad of ['40:2025-13', '40:2025-7', '40:', ':2025-07', '40 ', '40:2025-07:x']) expect(parseWithdrawals([bad]), bad).toEqual({ bad });
  });

  it('withdraws a month: the province stays, and its units due that month count as units without data, so the figures are less complete, not better', async () => {
    await withNational(async (db) => {
      const nf = new NationalFigures(db);
      const before = await nf.rates(october, ['VN', '38', '40']);
      // Nghệ An had October documents: 2 sent, 3 received
      expect(before.get('40')).toMatchObject({ out_total: 2, in_on_time: 1, units: 606 });
      expect(before.get('40')!.units_without_data).toBeLessThan(606);
      const rows = (await db.all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM national_counts WHERE province = '40' AND month = DATE '2020-10-01'"))[0]!.n;

      expect(await withdraw(db, [{ province: '40', whole: false, months: ['2020-10'] }], 'cli:tester')).toEqual([
        { province: '40', name: 'Nghệ An', whole: false, months: ['2020-10'], countRows: rows, registryRows: 0 },
      ]);
      // written to the audit log, by whom and what
      expect(await db.all("SELECT actor, action, target, details::JSON->>'months' AS months FROM audit_log WHERE action = 'national_withdraw'")).toEqual([
        { actor: 'cli:tester', action: 'national_withdraw', target: '40', months: '["2020-10"]' },
      ]);
      const after = await nf.rates(october, ['VN', '38', '40']);
      // as a month never published (national.test.ts, September): every unit due, none with data
      expect(after.get('40')).toMatchObject({ out_total: 0, in_total: 0, units: 606, units_without_data: 606, complete: false });
      expect(after.get('38')).toEqual(before.get('38'));
      // the country: Thanh Hóa's counts, and more units without data than before, by Nghệ An's that had documents
      const vn = after.get('VN')!;
      expect(vn).toMatchObject({ out_total: 4, out_electronic: 3, out_signed: 2, complete: false });
      expect(vn.units_without_data).toBe(before.get('VN')!.units_without_data + (606 - before.get('40')!.units_without_data));
      expect(vn.units_without_data).toBeGreaterThan(before.get('VN')!.units_without_data);
      // still a province of the warehouse, ranked "no data" and not complete
      expect((await nationalProvinces(db)).map((p) => [p.province, p.months])).toEqual([['38', ['2020-09', '2020-10']], ['40', []]]);
      const ranking = await nf.ranking(parsePeriod('2020-10'), AS_OF);
      expect(ranking.find((r) => r.code === '40')).toMatchObject({ rank: null, unranked_reason: 'no_data', complete: false, units_without_data: 606 });

      // the same publication rolled up again brings the month back (its hash is no longer held)
      const loads = await rollUp(db, [pub.dirA, pub.dirB]);
      expect(loads.map((l) => [l.province, l.loaded, l.unchanged])).toEqual([['38', [], ['2020-09', '2020-10']], ['40', ['2020-10'], []]]);
      expect(await nf.rates(october, ['VN', '38', '40'])).toEqual(before);
    });
  });

  it('withdraws a province given twice once, with the months of both', async () => {
    await withNational(async (db) => {
      const done = await withdraw(db, [{ province: '38', whole: false, months: ['2020-10'] }, { province: '38', whole: false, months: ['2020-09'] }]);
      expect(done.map((w) => [w.province, w.months])).toEqual([['38', ['2020-09', '2020-10']]]);
      expect(done[0]!.countRows).toBeGreaterThan(0);
    });
  });

  it('withdraws several months of a province in one go', async () => {
    await withNational(async (db) => {
      const asked = parseWithdrawals(['38:2020-10', '38:2020-09']);
      if ('bad' in asked) throw new Error(asked.bad);
      const [done] = await withdraw(db, asked);
      expect(done).toMatchObject({ province: '38', name: 'Thanh Hóa', whole: false, months: ['2020-09', '2020-10'], registryRows: 0 });
      expect(done!.countRows).toBeGreaterThan(0);
      expect(await db.all("SELECT count(*)::INTEGER AS n FROM national_counts WHERE province = '38'")).toEqual([{ n: 0 }]);
      expect((await nationalProvinces(db)).map((p) => [p.province, p.months])).toEqual([['38', []], ['40', ['2020-10']]]);
    });
  });

  it('withdraws a whole province: gone from the figures, the ranking and the provinces, and back with the next roll-up', async () => {
    await withNational(async (db) => {
      const nf = new NationalFigures(db);
      const before = await nf.rates(october, ['VN', '38']);
      const [done] = await withdraw(db, [{ province: '40', whole: true, months: [] }]);
      expect(done).toMatchObject({ province: '40', name: 'Nghệ An', whole: true, months: ['2020-10'] });
      expect(done!.countRows).toBeGreaterThan(0);
      expect(done!.registryRows).toBeGreaterThan(0);
      expect(await db.all("SELECT (SELECT count(*) FROM national_counts WHERE province = '40')::INTEGER AS counts, (SELECT count(*) FROM national_registry WHERE province = '40')::INTEGER AS registry, (SELECT count(*) FROM national_months WHERE province = '40')::INTEGER AS months"))
        .toEqual([{ counts: 0, registry: 0, months: 0 }]);
      expect((await nationalProvinces(db)).map((p) => p.province)).toEqual(['38']);
      // the country's counts are Thanh Hóa's alone; Nghệ An, still expected, is a province
      // that has not published: the country is not complete, and Nghệ An is listed, unranked
      const after = await nf.rates(october, ['VN', '38', '40']);
      expect(after.get('38')).toEqual(before.get('38'));
      expect({ ...after.get('VN'), units: 0, provinces_unpublished: 0, complete: true }).toEqual({ ...after.get('38'), units: 0, complete: true });
      expect(after.get('VN')).toMatchObject({ provinces_unpublished: 1, complete: false });
      expect(after.get('40')).toMatchObject({ out_total: 0, units: 0, provinces_unpublished: 1, complete: false });
      expect((await nf.ranking(parsePeriod('2020-10'), AS_OF)).map((r) => [r.code, r.unranked_reason, r.complete])).toEqual([['38', null, false], ['40', 'no_data', false]]);
      const app = createNationalApp({ version: 't', access: null, log: quietLog, figureRoutes: nationalRoutes(nf, () => new Date('2021-01-10T00:00:00Z')) });
      expect(await (await app.request(`/api/rates?period=2020-10&as_of=${AS_OF}&area=40`)).json()).toMatchObject({ area: { code: '40', name: 'Nghệ An', provinces_unpublished: 1, complete: false } });
      expect((await (await app.request('/api/units')).json() as { units: { code: string }[] }).units.map((u) => u.code)).toEqual(['38', '40']);
      // no longer expected: it leaves the figures, the ranking and the provinces altogether
      await setExpected(db, ['38']);
      const alone = await nf.rates(october, ['VN', '38']);
      expect({ ...alone.get('VN'), units: 0 }).toEqual({ ...alone.get('38'), units: 0, provinces_unpublished: 0 });
      expect((await nf.ranking(parsePeriod('2020-10'), AS_OF)).map((r) => r.code)).toEqual(['38']);
      expect(await (await app.request(`/api/rates?period=2020-10&as_of=${AS_OF}&area=40`)).json()).toMatchObject({ error: { code: 'unknown_area' } });
      expect((await (await app.request('/api/units')).json() as { units: { code: string }[] }).units.map((u) => u.code)).toEqual(['38']);

      // rolled up again: its registry and month are loaded again
      const loads = await rollUp(db, [pub.dirA, pub.dirB]);
      expect(loads.map((l) => [l.province, l.loaded])).toEqual([['38', []], ['40', ['2020-10']]]);
      expect((await nationalProvinces(db)).map((p) => p.province)).toEqual(['38', '40']);
      expect((await db.all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM national_registry WHERE province = '40'"))[0]!.n).toBe(done!.registryRows);
    });
  });

  it('refuses a province or a month that is not held, naming each, and removes nothing', async () => {
    await withNational(async (db) => {
      const held = await everything(db);
      const err = await withdraw(db, [
        { province: '38', whole: true, months: [] },
        { province: '41', whole: true, months: [] },
        { province: '40', whole: false, months: ['2020-09', '2020-10'] },
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ status: 404, code: 'not_held' });
      expect((err as AppError).message).toBe('Nothing was withdrawn: this national warehouse does not hold province 41; 40:2020-09 (province 40, Nghệ An, holds 2020-10). It holds the provinces 38 Thanh Hóa, 40 Nghệ An.\nChưa rút gì: kho số liệu quốc gia không có tỉnh mã 41; tháng 09/2020 của Nghệ An.');
      expect(await everything(db)).toEqual(held);
    });
  });
});

describe('npm run national -- --withdraw', () => {
  const cli = (args: string[]) => runProgram('cli/national.ts', args);


  it('withdraws, prints what it removed, refuses what is not held, bad usage and a database held by the server', async () => {
    const path = join(pub.root, 'national-cli.duckdb');
    const db = await openNationalWarehouse(path);
    let rows: number;
    try {
      await rollUp(db, [pub.dirA, pub.dirB]);
      rows = (await db.all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM national_counts WHERE province = '40'"))[0]!.n;
    } finally {
      db.close();
    }
    const [withIn, badMonth, noDb, missing] = await Promise.all([
      cli(['--db', path, '--in', pub.dirA, '--withdraw', '40']),
      cli(['--db', path, '--withdraw', '40:2020-13']),
      cli(['--withdraw', '40']),
      cli(['--db', join(pub.root, 'no-such.duckdb'), '--withdraw', '40']),
    ]);
    for (const r of [withIn, badMonth, noDb]) {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain('Usage: npm run national');
    }
    expect(withIn.stderr).toMatch(/^--withdraw runs instead of a roll-up/);
    expect(badMonth.stderr).toMatch(/^--withdraw 40:2020-13: expected/);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('There is no national warehouse at');

    const done = await cli(['--db', path, '--withdraw', '40:2020-10']);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toBe(`withdrew from province 40 (Nghệ An) 1 month(s) 2020-10, ${rows} count row(s); its units due in them now count as units without data\n`);
    const again = await cli(['--db', path, '--withdraw', '40:2020-10', '--withdraw', '38']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('Nothing was withdrawn: this national warehouse does not hold 40:2020-10 (province 40, Nghệ An, holds no month)');

    const holder = spawn(...tsNode(`${repoRoot}/test/helpers/hold-db.ts`, [path]), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => createInterface({ input: holder.stdout }).on('line', (l) => l === 'holding' && resolve()));
      const held = await cli(['--db', path, '--withdraw', '38']);
      expect(held.status).toBe(2);
      expect(held.stderr).toMatch(/is in use by another process .*PID \d+\)\. The national server \(npm run serve -- --national\) owns the file while it runs and rolls nothing up itself: stop it, run this command, and start it again\./);
      expect(held.stdout).toBe('');
    } finally {
      holder.kill('SIGTERM');
      await new Promise((r) => holder.on('exit', r));
    }
    // Thanh Hóa was not withdrawn by the refused command
    const check = await openNationalWarehouse(path);
    try {
      expect((await nationalProvinces(check)).map((p) => [p.province, p.months])).toEqual([['38', ['2020-09', '2020-10']], ['40', []]]);
    } finally {
      check.close();
    }
  }, 60_000);

  it('rolls up into a new warehouse only with --create: a mistyped --db is refused, and no file is made', async () => {
    const path = join(pub.root, 'national-new.duckdb');
    const refused = await cli(['--db', path, '--in', pub.dirA]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`There is no national warehouse at ${path}: nothing was loaded. Give --create to build a new national warehouse there.`);
    expect(existsSync(path)).toBe(false);
    const created = await cli(['--db', path, '--in', pub.dirA, '--create']);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain('province 38 (Thanh Hóa), as of 2020-12-31: 2 month(s) loaded');
    // once it exists, --create is not needed
    const again = await cli(['--db', path, '--in', pub.dirA, '--in', pub.dirB]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('province 40 (Nghệ An), as of 2020-12-31: 1 month(s) loaded');
  }, 60_000);
});
