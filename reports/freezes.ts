import { DEFAULT_SCORECARD, type Scorecard } from '../config.ts';
import type { Database } from '../warehouse/database.ts';
import { sqlFile } from '../warehouse/sql.ts';
import type { FrozenVersion } from './schemas.ts';
import { completeOf, COUNT_FIELDS, DIRECTIVE_FIELDS, RATE_FIELDS, type Figure, type ReportPeriods, type ReportRow, type Section } from './monthly-data.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

/** The store of frozen report figures (tables of warehouse/migrations/003-report-freezes.sql). */

const q = (name: string) => sqlFile(new URL(`./queries/${name}.sql`, import.meta.url));

export type { FrozenVersion } from './schemas.ts';

type FrozenRow = { row_no: number; part: 'period' | 'previous' | 'cumulative'; section: Section; code: string; name: string; rank: number | null; score: number | null } & Omit<Figure, 'complete'>;

/** The frozen versions of one period of a report, oldest first. */
export function frozenVersions(db: Database, report: string, period: string): Promise<FrozenVersion[]> {
  return frozenPeriods(db, report, period);
}

/** Every frozen version of a report (of one period, if given), by period then version. */
export async function frozenPeriods(db: Database, report: string, period?: string): Promise<(FrozenVersion & { period: string })[]> {
  const rows = await db.all<Omit<FrozenVersion, 'scorecard'> & { period: string; scorecard: string | null }>(q('freezes'), { report, period: period ?? null });
  // migration 012 wrote the scorecard of the versions before it; NULL cannot remain, but reads as that one
  return rows.map((r) => ({ ...r, scorecard: r.scorecard === null ? DEFAULT_SCORECARD : (JSON.parse(r.scorecard) as Scorecard) }));
}

export async function frozenRows(db: Database, report: string, period: string, version: number): Promise<ReportRow[]> {
  const parts = await db.all<FrozenRow>(q('frozen-rows'), { report, period, version });
  const rows = new Map<number, Partial<ReportRow> & Pick<ReportRow, 'section' | 'code' | 'name'>>();
  for (const p of parts) {
    const row = rows.get(p.row_no) ?? { section: p.section, code: p.code, name: p.name };
    row[p.part] = figure(p);
    if (p.part === 'period') Object.assign(row, { rank: p.rank, score: p.score });
    if (p.part === 'previous') Object.assign(row, { previous_rank: p.rank, previous_score: p.score });
    rows.set(p.row_no, row);
  }
  return [...rows.values()] as ReportRow[];
}

function figure(r: Omit<Figure, 'complete'>): Figure {
  return {
    ...(Object.fromEntries([...COUNT_FIELDS, ...RATE_FIELDS].map((k) => [k, r[k]])) as Pick<Figure, (typeof COUNT_FIELDS)[number] | (typeof RATE_FIELDS)[number]>),
    quarantined_rows: r.quarantined_rows,
    units_without_data: r.units_without_data,
    complete: completeOf(r.quarantined_rows, r.units_without_data),
    ...(Object.fromEntries(DIRECTIVE_FIELDS.map((k) => [k, r[k] ?? null])) as Pick<Figure, (typeof DIRECTIVE_FIELDS)[number]>),
  };
}

/**
 * Writes a new version with its rows, in one transaction: a version is there with all its
 * rows or not at all. The caller holds the write lock and has decided the version number
 * under it; the primary key refuses a second writer that did not.
 */
export async function insertVersion(
  ctx: Warehouse,
  report: string,
  periods: ReportPeriods,
  v: { version: number; as_of: string; frozen_at: string; frozen_by: string; scorecard: Scorecard },
  rows: readonly ReportRow[],
): Promise<void> {
  const insertHeader = q('freeze-insert');
  const insertRow = q('freeze-insert-row');
  await ctx.db.withConnection(async (conn) => {
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(insertHeader, {
        report, period: periods.period.label, version: v.version, period_from: periods.period.from, period_to: periods.period.to,
        as_of: v.as_of, frozen_at: v.frozen_at, frozen_by: v.frozen_by, scorecard: JSON.stringify(v.scorecard),
      });
      for (const [row_no, r] of rows.entries()) {
        for (const part of ['period', 'previous', 'cumulative'] as const) {
          const ranked = part === 'period' ? { rank: r.rank, score: r.score } : part === 'previous' ? { rank: r.previous_rank, score: r.previous_score } : { rank: null, score: null };
          const { complete: _derived, ...stored } = r[part];
          await conn.run(insertRow, {
            report, period: periods.period.label, version: v.version, row_no, part,
            section: r.section, code: r.code, name: r.name, ...stored, ...ranked,
          });
        }
      }
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}
