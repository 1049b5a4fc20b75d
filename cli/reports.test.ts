// The reports CLI and the scheduled job: the same reports as the API, into files.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import cron from 'node-cron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tsNode } from '../test/helpers/warehouse.ts';
import { INSPECTION_SHEETS } from '../reports/inspection-xlsx.ts';
import { generateScheduledReports, periodsEndedBefore, reportJobs } from '../reports/jobs.ts';
import { col, SHEET_NAMES } from '../reports/monthly-xlsx.ts';
import { AS_OF, dataRows, readWorkbook, reportFixture, type ReportFixture } from '../test/helpers/reports.ts';

const cli = (args: string[]) => spawnSync(...tsNode(`${repoRoot}/cli/reports.ts`, args), { cwd: repoRoot, encoding: 'utf8' });

describe('npx tsx cli/reports.ts', () => {
  let f: ReportFixture;
  let db: string;
  let out: string;
  beforeAll(async () => {
    f = await reportFixture();
    db = f.w.config.dbPath;
    out = join(f.w.dir, 'out');
    f.w.db.close(); // the CLI is another process: it needs the file to itself
  });
  afterAll(() => f.close());

  it('freezes a month and writes its report in every format; then a team’s inspection workbook', async () => {
    const r = cli(['monthly', '--db', db, '--period', '2020-10', '--as-of', AS_OF, '--format', 'all', '--freeze', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`froze 2020-10 as of ${AS_OF} (version 1)`);
    const files = ['chi-thi-15-bao-cao-2020-10.xlsx', 'chi-thi-15-bao-cao-2020-10.csv', 'chi-thi-15-bao-cao-2020-10.json'];
    for (const name of files) expect(r.stdout).toContain(join(out, name));
    const json = JSON.parse(readFileSync(join(out, files[2]!), 'utf8'));
    expect(json).toMatchObject({ period: '2020-10', as_of: AS_OF, status: 'frozen', version: 1 });
    expect(json.versions[0]).toMatchObject({ version: 1, frozen_by: 'cli' });
    expect(json.rows.find((x: { code: string }) => x.code === 'P01').period).toMatchObject({ out_total: 4, sent_electronic_rate: 0.75 });
    const wb = await readWorkbook(readFileSync(join(out, files[0]!)));
    expect(dataRows(wb.getWorksheet(SHEET_NAMES.main)!).get('38')!.getCell(col('period.out_total')).value).toBe(14);
    expect([...readFileSync(join(out, files[1]!)).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const i = cli(['inspection', '--db', db, '--team', '2', '--period', '2020-10', '--as-of', AS_OF, '--out', out]);
    expect(i.status, i.stderr).toBe(0);
    expect(i.stdout).toContain('3 documents to check');
    const insp = await readWorkbook(readFileSync(join(out, 'chi-thi-15-kiem-tra-to-2-2020-10.xlsx')));
    expect(insp.getWorksheet(INSPECTION_SHEETS.cover)!.getCell('A2').value).toBe('TỔ CÔNG TÁC SỐ 2');
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('says what is wrong with the arguments before it opens the database', () => {
    for (const args of [['monthly', '--db', db, '--out', out], ['monthly', '--db', db, '--period', '2020-10', '--format', 'pdf', '--out', out]]) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.length).toBeGreaterThan(0);
    }
    const bad = cli(['inspection', '--db', db, '--team', '1', '--period', '2020-13', '--out', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('2020-13');
  });

  it('refuses clearly while another process (the server) holds the database', async () => {
    const holder = spawn(...tsNode(`${repoRoot}/test/helpers/hold-db.ts`, [db]), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => createInterface({ input: holder.stdout }).on('line', (l) => l === 'holding' && resolve()));
      const r = cli(['monthly', '--db', db, '--period', '2020-11', '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/is in use by another process .*PID \d+/);
      expect(existsSync(join(out, 'chi-thi-15-bao-cao-2020-11-tam-tinh.xlsx'))).toBe(false);
    } finally {
      holder.kill('SIGTERM');
      await new Promise((r) => holder.on('exit', r));
    }
  });
});

describe('the scheduled reports', () => {
  it('runs at 06:00 on the 1st of each month and covers the periods that just ended', () => {
    const jobs = reportJobs({} as never, '/tmp/reports');
    expect(jobs.map((j) => [j.name, j.cron])).toEqual([['reports:monthly', '0 6 1 * *']]);
    expect(cron.validate(jobs[0]!.cron)).toBe(true);
    expect(periodsEndedBefore('2020-11-01').map((p) => p.label)).toEqual(['2020-10']);
    expect(periodsEndedBefore('2020-10-01').map((p) => p.label)).toEqual(['2020-09', '2020-Q3', '2020-9M']);
    expect(periodsEndedBefore('2020-07-15').map((p) => p.label)).toEqual(['2020-06', '2020-Q2', '2020-6M']);
    expect(periodsEndedBefore('2021-01-01').map((p) => p.label)).toEqual(['2020-12', '2020-Q4', '2020']);
  });

  it('writes the month’s report and each team’s workbook, as of the month’s last day, into the reports folder', async () => {
    const f = await reportFixture();
    try {
      const folder = join(f.w.dir, 'reports');
      const written = await generateScheduledReports(f.deps, folder, new Date('2020-10-31T23:00:00Z'), { freeze: true });
      const dir = join(folder, '2020-10');
      expect(written.map((p) => p.slice(dir.length + 1)).sort()).toEqual([
        'chi-thi-15-bao-cao-2020-10.csv', 'chi-thi-15-bao-cao-2020-10.json', 'chi-thi-15-bao-cao-2020-10.xlsx',
        'chi-thi-15-kiem-tra-to-1-2020-10.xlsx', 'chi-thi-15-kiem-tra-to-2-2020-10.xlsx', 'chi-thi-15-kiem-tra-to-3-2020-10.xlsx',
      ]);
      const json = JSON.parse(readFileSync(join(dir, 'chi-thi-15-bao-cao-2020-10.json'), 'utf8'));
      expect(json).toMatchObject({ status: 'frozen', as_of: '2020-10-31', version: 1 });
      const api = (await f.api('/api/rates?period=2020-10&unit=P01&as_of=2020-10-31')).body.units[0];
      expect(json.rows.find((r: { code: string }) => r.code === 'P01').period.on_time_rate).toBe(api.on_time_rate);
      // run again (a restart on the 1st): the frozen figures, the same files
      const again = await generateScheduledReports(f.deps, folder, new Date('2020-11-01T05:00:00Z'), { freeze: true });
      expect(again).toEqual(written);
      expect(JSON.parse(readFileSync(join(dir, 'chi-thi-15-bao-cao-2020-10.json'), 'utf8')).rows).toEqual(json.rows);
    } finally {
      f.close();
    }
  });
});
