// A scheduled delivery whose time passed while the service was down is made up once when
// it starts again: not lost, not twice (another start, the job's own run), and a first start
// makes nothing up. The service's alerts are started and closed on one warehouse with a
// clock of the test's, against a real SMTP server in process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import type { AlertDeps } from '../alerts/deps.ts';
import { startAlerts, type Alerts } from '../alerts/service.ts';
import { AccessStore } from '../auth/store.ts';
import { previousRun } from '../ingest/scheduler.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { settingsWithAlerts } from './helpers/alert-settings.ts';
import { startSmtp, type TestSmtp } from './helpers/mail.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

let w: TestWarehouse;
let smtp: TestSmtp;
let deps: AlertDeps;
let clock: Date;

beforeAll(async () => {
  smtp = await startSmtp();
  w = await testWarehouse();
  const rows = ['380', '381'].flatMap((unit) => Array.from({ length: 3 }, (_, i) =>
    `${unit},${unit}-${i},out,${i}/UBND,Công văn,2020-10-0${1 + i},2020-10-0${1 + i} 08:00,normal,electronic,true,,`));
  await w.load([w.file('oct.csv', `${CANONICAL_HEADER}\n${rows.join('\n')}\n`)]);
  await buildModels(w.db);
  // the monthly workbook on the 1st at 06:00 (the default) to one address
  const settings = settingsWithAlerts({ deliveries: { monthly: { recipients: ['ke-hoach@example.vn'], formats: ['csv'] } } });
  const figures = new Figures(w.db, new FigureCache());
  const now = () => clock;
  deps = { ctx: w, figures, settings, sources: [], store: new AccessStore(w.db), publicUrl: 'https://chithi15.example.vn', dataDir: w.dir, reports: { figures, ctx: w, settings, now }, now };
}, 60_000);

afterAll(async () => {
  await smtp?.close();
  w?.close();
});

/** Starts the alerts at `at`, waits for the start's making up and for the outbox to empty, closes them; resolves with the messages made up. */
async function startAt(at: string): Promise<number> {
  clock = new Date(at);
  const alerts: Alerts = await startAlerts(deps, { smtpUrl: smtp.url, mailFrom: 'Chỉ thị 15 <bao-cao@chithi15.example.vn>' }, { pollMs: 60_000 });
  try {
    const made = await alerts.caughtUp;
    await settle(alerts);
    return made;
  } finally {
    await alerts.close();
  }
}

async function settle(alerts: Alerts): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await alerts.sender.kick();
    const [r] = await w.rows<{ n: number }>("SELECT count(*)::INTEGER AS n FROM outbox WHERE status = 'pending'");
    if (r!.n === 0) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the outbox did not empty');
}

const subjects = () => smtp.messages.map((m) => m.subject);

describe('a scheduled delivery missed while the service was down', () => {
  it('finds the last time of a schedule (Asia/Ho_Chi_Minh)', () => {
    // the 1st at 06:00 in Vietnam is 23:00 UTC the day before
    expect(previousRun('0 6 1 * *', new Date('2020-11-03T03:00:00Z'))?.toISOString()).toBe('2020-10-31T23:00:00.000Z');
    expect(previousRun('0 6 1 * *', new Date('2020-10-31T23:00:00Z'))?.toISOString()).toBe('2020-10-31T23:00:00.000Z');
    expect(previousRun('0 6 1 * *', new Date('2020-10-31T22:59:59Z'))?.toISOString()).toBe('2020-09-30T23:00:00.000Z');
    // Mondays at 07:00: Thursday 5/11/2020 → Monday 2/11
    expect(previousRun('0 7 * * 1', new Date('2020-11-05T03:00:00Z'))?.toISOString()).toBe('2020-11-02T00:00:00.000Z');
  });

  it('a first start makes nothing up', async () => {
    // 20/10/2020: the service starts for the first time (September's 1st passed before it existed)
    expect(await startAt('2020-10-20T03:00:00Z')).toBe(0);
    expect(subjects()).toEqual([]);
  }, 60_000);

  it('the service down over the 1st of November: the start on the 3rd sends October once', async () => {
    expect(await startAt('2020-11-03T03:00:00Z')).toBe(1);
    expect(subjects()).toEqual(['[Chỉ thị 15] Báo cáo tháng 10/2020 — kết quả thực hiện Chỉ thị 15/CT-UBND']);
    expect(smtp.messages[0]!.attachments.map((a) => a.filename)).toEqual(['chi-thi-15-bao-cao-2020-10-tam-tinh.csv']);
    // made as it would have been at its time: the delivery of 1/11 06:00
    expect(await w.rows("SELECT delivery_key, cds_iso(created_at) AS created_at FROM deliveries")).toEqual([{ delivery_key: 'monthly|2020-10', created_at: '2020-10-31T23:00:00Z' }]);
  }, 60_000);

  it('another start makes nothing up again', async () => {
    expect(await startAt('2020-11-04T03:00:00Z')).toBe(0);
    expect(subjects()).toHaveLength(1);
  }, 60_000);

  it('a start that stops again before it recorded its check does not send twice', async () => {
    // the check of the last start lost (as if killed right after the making up): the delivery's key keeps it once
    await w.rows("UPDATE delivery_checks SET checked_at = '2020-10-20T03:00:00Z' WHERE job = 'deliveries:monthly' RETURNING job");
    expect(await startAt('2020-11-05T03:00:00Z')).toBe(0);
    expect(subjects()).toHaveLength(1);
  }, 60_000);

  it('the service up on the 1st of December: the job sends November, the next start makes nothing up', async () => {
    clock = new Date('2020-11-30T22:00:00Z'); // 1/12 05:00 in Vietnam: nothing missed
    const alerts = await startAlerts(deps, { smtpUrl: smtp.url, mailFrom: 'Chỉ thị 15 <bao-cao@chithi15.example.vn>' }, { pollMs: 60_000 });
    try {
      expect(await alerts.caughtUp).toBe(0);
      // at 06:00 the scheduler runs the job
      clock = new Date('2020-11-30T23:00:00Z');
      await alerts.jobs.find((j) => j.name === 'deliveries:monthly')!.run();
      await settle(alerts);
    } finally {
      await alerts.close();
    }
    expect(subjects()).toHaveLength(2);
    expect(subjects()[1]).toContain('tháng 11/2020');
    expect(await startAt('2020-12-02T03:00:00Z')).toBe(0);
    expect(subjects()).toHaveLength(2);
  }, 60_000);
});
