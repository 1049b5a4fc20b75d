// The scheduled deliveries against a real SMTP server in process: the monthly DPI workbook
// arrives as an attachment that opens as the workbook GET /api/reports/monthly.xlsx serves,
// once however often the job runs; a team's work list on Monday; a district leader's one
// page as PDF (LibreOffice) of its rank, rates and violations.
import { quietLog } from './helpers/logs.ts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import type { AlertDeps } from '../alerts/deps.ts';
import { deliverDistrictSummaries, deliverMonthly, deliverTeamWorkLists } from '../alerts/deliveries.ts';
import { officeBinary } from '../alerts/district-summary.ts';
import { startAlerts, type Alerts } from '../alerts/service.ts';
import { createApp } from '../app.ts';
import { AccessStore } from '../auth/store.ts';
import { reportRoutes } from '../reports/routes.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { settingsWithAlerts } from './helpers/alert-settings.ts';
import { startSmtp, type TestSmtp } from './helpers/mail.ts';
import { testWarehouse, type TestWarehouse } from './helpers/warehouse.ts';

let w: TestWarehouse;
let smtp: TestSmtp;
let alerts: Alerts;
let deps: AlertDeps;
let app: ReturnType<typeof createApp>;
// 1/11/2020 06:00 in Vietnam: the job of the monthly workbook (October 2020)
let clock = new Date('2020-10-31T23:00:00Z');

async function settle(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await alerts.sender.kick();
    const [r] = await w.rows<{ n: number }>("SELECT count(*)::INTEGER AS n FROM outbox WHERE status = 'pending'");
    if (r!.n === 0) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the outbox did not empty');
}

async function cells(bytes: Buffer | ArrayBuffer): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).map((v) => (v instanceof Date ? v.toISOString() : v))));
    out[ws.name] = rows;
  });
  return out;
}

beforeAll(async () => {
  smtp = await startSmtp();
  w = await testWarehouse();
  const rows = ['380', '381', 'P01', '14755'].flatMap((unit) => Array.from({ length: 6 }, (_, i) =>
    `${unit},${unit}-${i},out,${i}/UBND,Công văn,2020-10-0${1 + i},2020-10-0${1 + i} 08:00,normal,${i % 3 ? 'electronic' : 'paper'},${i % 2 === 0},,`));
  await w.load([w.file('oct.csv', `${CANONICAL_HEADER}\n${rows.join('\n')}\n`)]);
  await buildModels(w.db);
  const settings = settingsWithAlerts({
    deliveries: {
      monthly: { recipients: ['ke-hoach@example.vn', 'so-kh-dt@example.vn'], formats: ['xlsx', 'csv'] },
      teamWorkList: { recipients: { 1: ['to1@example.vn'] } },
      districtSummary: { recipients: { 380: ['lanh-dao-380@example.vn'] } },
    },
  });
  const figures = new Figures(w.db, new FigureCache());
  const now = () => clock;
  const reports = { figures, ctx: w, settings, now };
  deps = { ctx: w, figures, settings, sources: [], store: new AccessStore(w.db), publicUrl: 'https://chithi15.example.vn', dataDir: w.dir, reports, now };
  alerts = await startAlerts(deps, { smtpUrl: smtp.url, mailFrom: 'Chỉ thị 15 <bao-cao@chithi15.example.vn>' }, { pollMs: 60_000 });
  app = createApp({ version: 't', ctx: w, settings, figures, access: null, sources: [], runSource: async () => [], extraRoutes: [reportRoutes(reports)], now, log: quietLog });
}, 60_000);

afterAll(async () => {
  await alerts?.close();
  await smtp?.close();
  w?.close();
});

describe('scheduled deliveries', () => {
  it('sends the monthly workbook on the 1st, the same workbook the API serves, once', async () => {
    expect(await deliverMonthly(deps, clock)).toBe(2);
    expect(await deliverMonthly(deps, clock)).toBe(0); // the job again (a restart, an overlap): nothing twice
    await settle();
    expect(smtp.messages.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.text).sort()).toEqual(['ke-hoach@example.vn', 'so-kh-dt@example.vn']);
    const mail = smtp.messages[0]!;
    expect(mail.subject).toBe('[Chỉ thị 15] Báo cáo tháng 10/2020 — kết quả thực hiện Chỉ thị 15/CT-UBND');
    expect(mail.text).toContain('Số liệu tạm tính, tính đến hết ngày 31/10/2020.');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['chi-thi-15-bao-cao-2020-10-tam-tinh.xlsx', 'chi-thi-15-bao-cao-2020-10-tam-tinh.csv']);
    const served = await app.request('/api/reports/monthly.xlsx?period=2020-10&as_of=2020-10-31');
    expect(served.status).toBe(200);
    const api = Buffer.from(await served.arrayBuffer());
    const attached = mail.attachments[0]!.content;
    const [a, b] = [await cells(attached), await cells(api)];
    expect(Object.keys(a).length).toBeGreaterThan(0);
    expect(a).toEqual(b);
    const csv = await app.request('/api/reports/monthly.csv?period=2020-10&as_of=2020-10-31');
    expect(mail.attachments[1]!.content.equals(Buffer.from(await csv.arrayBuffer()))).toBe(true);
  });

  it("sends each team's work list on Monday", async () => {
    clock = new Date('2020-11-02T00:00:00Z'); // Monday 2/11/2020 07:00 in Vietnam
    const before = smtp.messages.length;
    expect(await deliverTeamWorkLists(deps, clock)).toBe(1);
    expect(await deliverTeamWorkLists(deps, clock)).toBe(0);
    await settle();
    const mail = smtp.messages.slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain('Tổ công tác số 1');
    expect(mail[0]!.attachments.map((a) => a.filename)).toEqual(['chi-thi-15-kiem-tra-to-1-2020-11.xlsx']);
    expect(Object.keys(await cells(mail[0]!.attachments[0]!.content)).length).toBeGreaterThan(1);
  });

  it("sends a district leader its month on one page, as PDF through LibreOffice", async () => {
    if (!officeBinary()) throw new Error('LibreOffice is not installed: apt-get install -y --no-install-recommends libreoffice-calc fonts-liberation2 (.ci/run does)');
    clock = new Date('2020-10-31T23:30:00Z');
    const before = smtp.messages.length;
    expect(await deliverDistrictSummaries(deps, clock)).toBe(1);
    await settle();
    const mail = smtp.messages.slice(before);
    expect(mail.map((m) => m.subject)).toEqual(['[Chỉ thị 15] Tóm tắt tháng 10/2020 của Thành phố Thanh Hóa']);
    const pdf = mail[0]!.attachments[0]!;
    expect(pdf.filename).toBe('chi-thi-15-tom-tat-380-2020-10.pdf');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('records each delivery in the audit log', async () => {
    const sent = await w.rows<{ n: number }>("SELECT count(*)::INTEGER AS n FROM audit_log WHERE action = 'message_sent' AND details LIKE '%\"kind\":\"delivery\"%'");
    expect(sent[0]!.n).toBe(smtp.messages.length);
  });
});
