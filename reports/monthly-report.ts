import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { todayInVietnam, type Period } from '../analytics/period.ts';
import { AppError, notFound } from '../errors.ts';
import type { ReportDeps } from './deps.ts';
import { frozenRows, frozenVersions, insertVersion, type FrozenVersion } from './freezes.ts';
import { communeRanks, differences, liveRows, reportPeriods, type CommuneRank, type Difference, type ReportPeriods, type ReportRow } from './monthly-data.ts';

/**
 * Which figures a monthly report shows. A period nobody has frozen shows the live figures
 * (provisional). Once frozen, it shows what was reported, whatever was loaded since: by
 * default version 1 (as first sent), or the version asked for; a correction is a later
 * version (a restatement), frozen on request, shown beside the original, never instead
 * of it. See reports/README.md.
 */

export const REPORT = 'monthly';

export type Status = 'provisional' | 'frozen' | 'restatement_draft';

export interface FigureTable {
  status: Status;
  /** frozen: the version shown; restatement_draft: the frozen version it corrects (the latest) */
  version: FrozenVersion | null;
  as_of: string;
  rows: ReportRow[];
  /** cells that differ from these rows are highlighted (a restatement against what was reported) */
  against: ReportRow[] | null;
}

export interface MonthlyReport {
  periods: ReportPeriods;
  generated_at: string;
  versions: FrozenVersion[];
  /** frozen periods: whether the figures recomputed now (at the frozen as_of) differ from the latest version */
  live_differs: boolean | null;
  /** the figures of the report (CSV, JSON, the workbook's first sheet) */
  main: FigureTable;
  /** restatement_draft: what changed since the latest version */
  differences: Difference[] | null;
  /** further sheets of the workbook: the latest restatement beside an earlier version, or the reported figures beside a draft */
  others: FigureTable[];
  /**
   * The communes ranked for the workbook's ranking sheet, at the main table's as_of with its
   * scorecard. Not part of what a freeze keeps: computed from the data as it is now.
   */
  communes: CommuneRank[];
}

export interface MonthlyRequest {
  period: Period;
  asOf?: string | undefined;
  version?: number | undefined;
  restatement?: boolean | undefined;
}

const conflict = (code: string, message: string) => new AppError(409, code, message);

export async function monthlyReport(deps: ReportDeps, req: MonthlyRequest): Promise<MonthlyReport> {
  const periods = reportPeriods(req.period);
  const now = (deps.now ?? (() => new Date()))();
  const label = periods.period.label;
  const versions = await frozenVersions(deps.ctx.db, REPORT, label);
  const base = { periods, generated_at: now.toISOString(), versions };

  if (versions.length === 0) {
    if (req.version !== undefined || req.restatement) {
      throw conflict('not_frozen', `The figures of ${label} have not been frozen yet: there is no version or restatement to show.`);
    }
    const asOf = req.asOf ?? todayInVietnam(now);
    const [rows, communes] = await Promise.all([liveRows(deps.figures, periods, asOf), communeRanks(deps.figures, periods.period, asOf, deps.figures.options.scorecard)]);
    return { ...base, live_differs: null, main: { status: 'provisional', version: null, as_of: asOf, rows, against: null }, differences: null, others: [], communes };
  }

  const first = versions[0]!;
  const latest = versions.at(-1)!;
  if (req.asOf !== undefined && req.asOf !== first.as_of) {
    throw conflict('period_frozen', `The figures of ${label} were frozen as of ${first.as_of}; they cannot be reported as of ${req.asOf}. Leave as_of out, or see /api/rates for other dates.`);
  }
  // corrections are measured at the frozen as_of: what changed is the data, not the date
  // and with the scorecard the period was frozen with: what changed is the data, not the score
  const [live, latestRows, communes] = await Promise.all([
    liveRows(deps.figures, periods, first.as_of, first.scorecard),
    frozenRows(deps.ctx.db, REPORT, label, latest.version),
    communeRanks(deps.figures, periods.period, first.as_of, first.scorecard),
  ]);
  const diff = differences(latestRows, live);
  const latestTable: FigureTable = { status: 'frozen', version: latest, as_of: latest.as_of, rows: latestRows, against: null };

  if (req.restatement) {
    return {
      ...base, live_differs: diff.length > 0,
      main: { status: 'restatement_draft', version: latest, as_of: first.as_of, rows: live, against: latestRows },
      differences: diff,
      others: [latestTable],
      communes,
    };
  }
  const selected = req.version === undefined ? first : versions.find((v) => v.version === req.version);
  if (!selected) {
    throw notFound('unknown_version', `${label} has versions ${versions.map((v) => v.version).join(', ')}; there is no version ${req.version}.`);
  }
  const rows = selected.version === latest.version ? latestRows : await frozenRows(deps.ctx.db, REPORT, label, selected.version);
  return {
    ...base, live_differs: diff.length > 0,
    main: { status: 'frozen', version: selected, as_of: selected.as_of, rows, against: null },
    differences: null,
    others: selected.version < latest.version ? [{ ...latestTable, against: rows }] : [],
    communes,
  };
}

export interface FreezeResult {
  period: string;
  /** false when the period was frozen already (or a restatement found nothing to correct) */
  created: boolean;
  version: FrozenVersion;
  versions: FrozenVersion[];
}

/**
 * Freezes a period's figures as version 1. Freezing a frozen period changes nothing: the
 * official figures are those first sent. Runs under the write lock (no load or rebuild
 * in between), on a fresh Figures so no figure cached before the last rebuild is frozen.
 */
export async function freezeMonthly(deps: ReportDeps, period: Period, asOfRequested: string | undefined, frozenBy: string): Promise<FreezeResult> {
  const periods = reportPeriods(period);
  const label = periods.period.label;
  return deps.ctx.lock.run(async () => {
    const now = (deps.now ?? (() => new Date()))();
    const versions = await frozenVersions(deps.ctx.db, REPORT, label);
    if (versions.length > 0) {
      if (asOfRequested !== undefined && asOfRequested !== versions[0]!.as_of) {
        throw conflict('period_frozen', `The figures of ${label} were frozen as of ${versions[0]!.as_of} on ${versions[0]!.frozen_at}; they cannot be frozen again as of ${asOfRequested}. A correction is a restatement.`);
      }
      return { period: label, created: false, version: versions[0]!, versions };
    }
    const asOf = asOfRequested ?? todayInVietnam(now);
    const rows = await liveRows(new Figures(deps.ctx.db, new FigureCache(), deps.figures.options), periods, asOf);
    const v = { version: 1, as_of: asOf, frozen_at: now.toISOString(), frozen_by: frozenBy, scorecard: deps.figures.options.scorecard };
    await insertVersion(deps.ctx, REPORT, periods, v, rows);
    const after = await frozenVersions(deps.ctx.db, REPORT, label);
    return { period: label, created: true, version: after[0]!, versions: after };
  });
}

/**
 * Freezes the corrected figures of a frozen period as the next version, when the figures
 * recomputed now (at the original as_of) differ from the latest version.
 */
export async function restateMonthly(deps: ReportDeps, period: Period, frozenBy: string): Promise<FreezeResult & { differences: Difference[] }> {
  const periods = reportPeriods(period);
  const label = periods.period.label;
  return deps.ctx.lock.run(async () => {
    const now = (deps.now ?? (() => new Date()))();
    const versions = await frozenVersions(deps.ctx.db, REPORT, label);
    if (versions.length === 0) throw conflict('not_frozen', `The figures of ${label} have not been frozen yet: freeze them first; there is nothing to restate.`);
    const first = versions[0]!;
    const latest = versions.at(-1)!;
    const [live, reported] = await Promise.all([
      liveRows(new Figures(deps.ctx.db, new FigureCache(), deps.figures.options), periods, first.as_of, first.scorecard),
      frozenRows(deps.ctx.db, REPORT, label, latest.version),
    ]);
    const diff = differences(reported, live);
    if (diff.length === 0) return { period: label, created: false, version: latest, versions, differences: [] };
    const v = { version: latest.version + 1, as_of: first.as_of, frozen_at: now.toISOString(), frozen_by: frozenBy, scorecard: first.scorecard };
    await insertVersion(deps.ctx, REPORT, periods, v, live);
    const after = await frozenVersions(deps.ctx.db, REPORT, label);
    return { period: label, created: true, version: after.at(-1)!, versions: after, differences: diff };
  });
}
