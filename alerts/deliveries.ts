import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parsePeriod, todayInVietnam, type Period } from '../analytics/period.ts';
import { previousRun, type Job } from '../ingest/scheduler.ts';
import { saveInspection, saveMonthly, XLSX_TYPE } from '../reports/files.ts';
import { frozenVersions } from '../reports/freezes.ts';
import { periodsEndedBefore } from '../reports/jobs.ts';
import { monthlyReport, REPORT } from '../reports/monthly-report.ts';
import { addDays, formatDate } from '../time.ts';
import type { Attachment } from './channels.ts';
import type { AlertDeps } from './deps.ts';
import { districtSummary, summaryUnit } from './district-summary.ts';
import { compose, messageId } from './messages.ts';
import { outboxDir } from './outbox.ts';
import { deliveryPayload } from './payloads.ts';
import { read, transaction } from './store.ts';

/**
 * The scheduled deliveries: the files are written under DATA_DIR/outbox/files/<delivery>/
 * first, then the delivery and one message per recipient are written in one transaction,
 * keyed by the delivery (its kind and period) so that a delivery is made once, however
 * often its job runs; the outbox's sender sends them.
 */

const TYPES: Record<string, string> = { xlsx: XLSX_TYPE, csv: 'text/csv; charset=utf-8', json: 'application/json', pdf: 'application/pdf' };
const typeOf = (path: string) => TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
const safeKey = (key: string) => key.replace(/[^0-9A-Za-z_-]/g, '-');

interface Delivery {
  key: string;
  kind: 'monthly' | 'team_work_list' | 'district_summary';
  period: string;
  recipients: readonly string[];
  subject: string;
  paragraphs: string[];
  /** writes the files into the folder given and returns their paths */
  files: (dir: string) => Promise<string[]>;
}

/** Makes a delivery unless it was made already; returns the messages written (0 when made before or without recipients). */
async function deliver(deps: AlertDeps, d: Delivery, at: Date): Promise<number> {
  if (d.recipients.length === 0) return 0;
  if ((await read(deps.ctx.db, 'delivery-find', { delivery_key: d.key })).length > 0) return 0;
  const dir = join(outboxDir(deps.dataDir), 'files', safeKey(d.key));
  mkdirSync(dir, { recursive: true });
  const paths = await d.files(dir);
  const attachments: Attachment[] = paths.map((p) => ({ filename: basename(p), path: p, contentType: typeOf(p) }));
  const link = `${deps.publicUrl}/`;
  const written = await transaction(deps.ctx.db, async (tx) => {
    // a second process (or a job that overlapped itself) made it meanwhile: nothing twice
    if ((await tx.rows('delivery-find', { delivery_key: d.key })).length > 0) return 0;
    await tx.run('delivery-insert', { delivery_key: d.key, kind: d.kind, period: d.period, now: at.toISOString(), messages: d.recipients.length });
    for (const to of d.recipients) {
      const id = messageId('delivery', d.key, to);
      const mail = compose(d.subject, 'Kính gửi Quý cơ quan,', [...d.paragraphs, `Tệp đính kèm: ${attachments.map((a) => a.filename).join(', ')}.`], link);
      await tx.run('outbox-insert', {
        message_id: id, kind: 'delivery', channel: 'email', target: to, username: null, subscription_id: null, alert_id: null, ...mail,
        payload: JSON.stringify(deliveryPayload(id, at, { kind: d.kind, period: d.period, files: attachments.map((a) => a.filename) }, d.paragraphs.join(' '), link)),
        attachments: JSON.stringify(attachments), now: at.toISOString(),
      });
    }
    return d.recipients.length;
  });
  deps.log?.info({ delivery: d.key, recipients: written }, 'delivery written');
  return written;
}

/** The monthly DPI workbook of the month that ended before `at` (frozen figures if frozen, else as of its last day). */
export async function deliverMonthly(deps: AlertDeps, at: Date): Promise<number> {
  const cfg = deps.settings.alerts.deliveries.monthly;
  const period = periodsEndedBefore(todayInVietnam(at))[0]!;
  const frozen = (await frozenVersions(deps.ctx.db, REPORT, period.label)).length > 0;
  return deliver(deps, {
    key: `monthly|${period.label}`, kind: 'monthly', period: period.label, recipients: cfg.recipients,
    subject: `Báo cáo tháng ${monthVi(period)} — kết quả thực hiện Chỉ thị 15/CT-UBND`,
    paragraphs: [
      `Hệ thống gửi báo cáo tháng ${monthVi(period)} về việc gửi, nhận văn bản điện tử, ký số và xử lý đúng hạn của các cơ quan, đơn vị trên địa bàn tỉnh.`,
      frozen ? 'Số liệu là số liệu chính thức đã chốt.' : `Số liệu tạm tính, tính đến hết ngày ${formatDate(period.to)}.`,
    ],
    files: async (dir) => saveMonthly(await monthlyReport(deps.reports, { period, asOf: frozen ? undefined : period.to }), deps.reports, dir, cfg.formats),
  }, at);
}

/** Each team's work list of the month so far, as of the day before `at` (Mondays). */
export async function deliverTeamWorkLists(deps: AlertDeps, at: Date): Promise<number> {
  const today = todayInVietnam(at);
  // the morning's day is not over: the figures are as of the day before
  const asOf = addDays(today, -1);
  const period = parsePeriod(asOf.slice(0, 7));
  let n = 0;
  for (const [team, recipients] of Object.entries(deps.settings.alerts.deliveries.teamWorkList.recipients)) {
    const t = deps.settings.teams.find((x) => String(x.id) === team)!;
    n += await deliver(deps, {
      key: `team-work-list|${team}|${today}`, kind: 'team_work_list', period: period.label, recipients,
      subject: `Danh sách việc cần kiểm tra của ${t.name}, tuần từ ${formatDate(today)}`,
      paragraphs: [`Danh sách văn bản chưa đạt của các đơn vị thuộc ${t.name} trong tháng ${monthVi(period)}, số liệu đến hết ngày ${formatDate(asOf)}.`],
      files: async (dir) => [(await saveInspection(deps.reports, t.id, { period, asOf, includeBaseline: false }, dir)).path],
    }, at);
  }
  return n;
}

/**
 * Each configured unit leader's one-page summary of the month that ended before `at` (PDF
 * where LibreOffice is installed, else xlsx): a district's until 30/6/2025, a commune's on
 * either map. A code not on the month's map (a district after 30/6/2025) gets none, logged.
 */
export async function deliverDistrictSummaries(deps: AlertDeps, at: Date): Promise<number> {
  const period = periodsEndedBefore(todayInVietnam(at))[0]!;
  let n = 0;
  for (const [code, recipients] of Object.entries(deps.settings.alerts.deliveries.districtSummary.recipients)) {
    const unit = await summaryUnit(deps, code, period);
    if (!unit) {
      deps.log?.warn({ unit: code, period: period.label }, 'no summary: the unit is not on the map of the period (a district after 30/6/2025: configure its communes)');
      continue;
    }
    n += await deliver(deps, {
      key: `district-summary|${code}|${period.label}`, kind: 'district_summary', period: period.label, recipients,
      subject: `Tóm tắt tháng ${monthVi(period)} của ${unit.name}`,
      paragraphs: [`Thứ hạng, các tỉ lệ và số văn bản chưa đạt của ${unit.name} trong tháng ${monthVi(period)}, số liệu đến hết ngày ${formatDate(period.to)}.`],
      files: async (dir) => [await districtSummary(deps, unit, period, dir)],
    }, at);
  }
  return n;
}

const monthVi = (p: Period) => `${p.label.slice(5, 7)}/${p.label.slice(0, 4)}`;

interface DeliveryJob { name: string; cron: string; make: (deps: AlertDeps, at: Date) => Promise<number> }

function deliveryJobList(deps: AlertDeps): DeliveryJob[] {
  const d = deps.settings.alerts.deliveries;
  return [
    { name: 'deliveries:monthly', cron: d.monthly.cron, make: deliverMonthly },
    { name: 'deliveries:team-work-lists', cron: d.teamWorkList.cron, make: deliverTeamWorkLists },
    { name: 'deliveries:district-summaries', cron: d.districtSummary.cron, make: deliverDistrictSummaries },
  ];
}

/** Records that the service watched the job up to `at` (its start, each of its runs). */
const checked = (deps: AlertDeps, job: string, at: Date) => read(deps.ctx.db, 'delivery-check-set', { job, now: at.toISOString() });

/** The deliveries' jobs (settings.alerts.deliveries), in Asia/Ho_Chi_Minh. */
export function deliveryJobs(deps: AlertDeps, kick: () => void): Job[] {
  const now = deps.now ?? (() => new Date());
  return deliveryJobList(deps).map((j) => ({
    name: j.name, cron: j.cron,
    run: async () => {
      const at = now();
      if (await j.make(deps, at)) kick();
      await checked(deps, j.name, at);
    },
  }));
}

/**
 * At start: the delivery whose scheduled time passed while the service was down — the
 * last time of its job's schedule after the service last watched the job (its previous
 * start or run) — is made now, as it would have been made then (the same period, the same
 * key: never twice, even if the service stops again in the middle). Only the last missed
 * time of each job is made up; a first start makes up nothing. Resolves with the messages written.
 */
export async function catchUpDeliveries(deps: AlertDeps): Promise<number> {
  const now = (deps.now ?? (() => new Date()))();
  let n = 0;
  for (const j of deliveryJobList(deps)) {
    const [last] = await read<{ checked_at: string }>(deps.ctx.db, 'delivery-check-get', { job: j.name });
    const due = previousRun(j.cron, now);
    if (last && due && due.getTime() > new Date(last.checked_at).getTime()) {
      const made = await j.make(deps, due);
      deps.log?.info({ job: j.name, due: due.toISOString(), messages: made }, 'a delivery due while the service was down was made up');
      n += made;
    }
    await checked(deps, j.name, now);
  }
  return n;
}
