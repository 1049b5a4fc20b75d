import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { dirname, join } from 'node:path';
import type { Period } from '../analytics/period.ts';
import { businessDate } from '../time.ts';
import type { ReportDeps } from './deps.ts';
import type { TeamId } from './inspection-data.ts';
import { writeInspectionXlsx, type InspectionRequest, type InspectionResult } from './inspection-xlsx.ts';
import { monthlyPeopleCsv, monthlyJson } from './monthly-formats.ts';
import type { MonthlyReport } from './monthly-report.ts';
import { writeMonthlyXlsx } from './monthly-xlsx.ts';

/** Report files: their names (ASCII, so every mail client and file system keeps them) and atomic writing. */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const safe = (label: string) => label.replace(/\.\./g, '_').replace(/[^0-9A-Za-z_-]/g, '-');

export function monthlyFileName(report: MonthlyReport, ext: 'xlsx' | 'csv' | 'json'): string {
  const t = report.main;
  const suffix = t.status === 'frozen' && t.version!.version > 1 ? `-v${t.version!.version}` : t.status === 'restatement_draft' ? '-dieu-chinh-du-thao' : t.status === 'provisional' ? '-tam-tinh' : '';
  return `chi-thi-15-bao-cao-${safe(report.periods.period.label)}${suffix}.${ext}`;
}

export function inspectionFileName(team: TeamId, period: Period): string {
  return `chi-thi-15-kiem-tra-${team === 'all' ? 'tat-ca' : `to-${team}`}-${safe(period.label)}.xlsx`;
}

/** A unit's violating documents: van-ban-chua-dat-<unit>-<period>[-<reason>]-den-<as_of>.csv|xlsx */
export function violationsFileName(req: { unit: { code: string }; scope: { period: { label: string }; asOf: string }; reason: string | null }, ext: 'csv' | 'xlsx'): string {
  const period = req.scope.period.label.replace(/[^0-9A-Za-z-]+/g, '-');
  return `van-ban-chua-dat-${req.unit.code}-${period}${req.reason ? `-${req.reason.replaceAll('_', '-')}` : ''}-den-${req.scope.asOf}.${ext}`;
}

/** A unit's rows in quarantine: du-lieu-loi-<unit>-<status>-<date>.csv|xlsx */
export function quarantineFileName(unit: string | null, status: string | null, now: Date, ext: 'csv' | 'xlsx'): string {
  return `du-lieu-loi-${unit ? safe(unit) : 'tat-ca'}${status ? `-${safe(status)}` : ''}-${businessDate(now)}.${ext}`;
}

/** Writes a file through a temp name and renames it: a reader never sees half a report. */
export async function writeFileAtomic(path: string, write: (tmp: string) => Promise<void>): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await write(tmp);
    renameSync(tmp, path);
    return path;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Runs a report writer into a stream and waits until the stream has taken everything; a
 * writer that fails destroys the stream (no half file, no hanging response).
 */
export async function writeInto(out: Writable, write: (out: Writable) => Promise<unknown>): Promise<void> {
  const done = finished(out);
  try {
    await write(out);
  } catch (err) {
    out.destroy();
    done.catch(() => undefined);
    throw err;
  }
  if (!out.writableEnded) out.end();
  await done;
}

const toFile = (path: string, write: (out: Writable) => Promise<unknown>) => writeInto(createWriteStream(path), write);

export async function saveMonthly(report: MonthlyReport, deps: Pick<ReportDeps, 'settings'>, dir: string, formats: readonly ('xlsx' | 'csv' | 'json')[]): Promise<string[]> {
  const paths: string[] = [];
  for (const f of formats) {
    const path = join(dir, monthlyFileName(report, f));
    await writeFileAtomic(path, async (tmp) => {
      if (f === 'xlsx') await toFile(tmp, (out) => writeMonthlyXlsx(report, deps.settings, out));
      else if (f === 'csv') writeFileSync(tmp, monthlyPeopleCsv(report));
      else writeFileSync(tmp, `${JSON.stringify(monthlyJson(report), null, 2)}\n`);
    });
    paths.push(path);
  }
  return paths;
}

export async function saveInspection(deps: ReportDeps, team: TeamId, scope: InspectionRequest['scope'], dir: string, options: Pick<InspectionRequest, 'onProgress' | 'writer'> = {}): Promise<{ path: string; result: InspectionResult }> {
  const path = join(dir, inspectionFileName(team, scope.period));
  let result: InspectionResult | undefined;
  await writeFileAtomic(path, (tmp) => toFile(tmp, async (out) => {
    result = await writeInspectionXlsx(deps, { team, scope, ...options }, out);
  }));
  return { path, result: result! };
}
