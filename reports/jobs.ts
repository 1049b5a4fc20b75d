import { join } from 'node:path';
import { parsePeriod, todayInVietnam, type Period } from '../analytics/period.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Job } from '../ingest/scheduler.ts';
import type { ReportDeps } from './deps.ts';
import { saveInspection, saveMonthly } from './files.ts';
import { frozenVersions } from './freezes.ts';
import { freezeMonthly, monthlyReport, REPORT } from './monthly-report.ts';

export interface ReportJobOptions {
  /** freeze each period's figures as the official ones before writing them (default: no, they stay provisional) */
  freeze?: boolean;
  /** default: 06:00 on the 1st of each month, Vietnam time */
  cron?: string;
  log?: Logger;
}

/**
 * The scheduled reports: on the 1st of each month, the month before (and the quarter, 6
 * or 9 months or year that ended with it) into `folder`/<period>/, as the monthly report
 * (xlsx, csv, json) and each team's inspection workbook for the month.
 */
export function reportJobs(deps: ReportDeps, folder: string, options: ReportJobOptions = {}): Job[] {
  const now = deps.now ?? (() => new Date());
  return [{ name: 'reports:monthly', cron: options.cron ?? '0 6 1 * *', run: () => generateScheduledReports(deps, folder, now(), options) }];
}

/** The periods whose last day is the day before the first of `today`'s month. */
export function periodsEndedBefore(today: string): Period[] {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  const labels = [`${py}-${String(pm).padStart(2, '0')}`];
  if (pm % 3 === 0) labels.push(`${py}-Q${pm / 3}`);
  if (pm === 6) labels.push(`${py}-6M`);
  if (pm === 9) labels.push(`${py}-9M`);
  if (pm === 12) labels.push(`${py}`);
  return labels.map(parsePeriod);
}

/**
 * Writes the reports of the periods that ended before `when`'s month. Figures are as of
 * the period's last day: at 06:00 on the 1st that day is over, so the files can be made
 * again later with the same numbers (a frozen period always gives its frozen numbers).
 */
export async function generateScheduledReports(deps: ReportDeps, folder: string, when: Date, options: ReportJobOptions = {}): Promise<string[]> {
  const log = options.log;
  const periods = periodsEndedBefore(todayInVietnam(when));
  const written: string[] = [];
  for (const period of periods) {
    const dir = join(folder, period.label);
    if (options.freeze) {
      try {
        const r = await freezeMonthly(deps, period, period.to, 'schedule');
        if (r.created) log?.info({ period: period.label, asOf: period.to }, 'froze the figures of the period');
      } catch (err) {
        // frozen earlier by hand with another as_of: those are the official figures
        if (!(err instanceof AppError && err.code === 'period_frozen')) throw err;
      }
    }
    const frozen = (await frozenVersions(deps.ctx.db, REPORT, period.label)).length > 0;
    const report = await monthlyReport(deps, { period, asOf: frozen ? undefined : period.to });
    written.push(...(await saveMonthly(report, deps, dir, ['xlsx', 'csv', 'json'])));
    if (period.kind === 'month') {
      for (const team of deps.settings.teams) {
        const { path } = await saveInspection(deps, team.id, { period, asOf: period.to, includeBaseline: false }, dir);
        written.push(path);
      }
    }
  }
  log?.info({ files: written.length, periods: periods.map((p) => p.label), folder }, 'scheduled reports written');
  return written;
}
