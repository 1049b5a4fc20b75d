import type { Database } from '../warehouse/database.ts';
import { sqlFile } from '../warehouse/sql.ts';
import { FIELD_NAMES, problemText, rawFields, reasonText, type Problem } from '../ingest/problem-text.ts';
import { redactText } from '../redact.ts';
import type { QUARANTINE_STATUSES, QuarantineRow, QuarantineSummary } from './schemas.ts';

/**
 * The quarantine as a work queue (analytics/queries/quarantine-*.sql over the quarantine
 * and its mart, fct_quarantine_rows): the rows to fix, open or resolved, with the reason in
 * Vietnamese and the file and row they came from.
 */

const q = (name: string) => sqlFile(new URL(`./queries/${name}.sql`, import.meta.url));

export { QUARANTINE_STATUSES, type QuarantineRow, type QuarantineSummary } from './schemas.ts';
export type QuarantineStatus = (typeof QUARANTINE_STATUSES)[number];

export interface QuarantineFilter {
  run?: number | undefined;
  source?: string | undefined;
  /** the row's unit code, in the registry or not */
  unit?: string | undefined;
  /** a problem code among the row's (unknown_unit, bad_time, …) */
  code?: string | undefined;
  status?: QuarantineStatus | undefined;
  /** the row's business days (or the day its file was received) */
  from?: string | undefined;
  to?: string | undefined;
}

const params = (f: QuarantineFilter) => ({
  run: f.run ?? null, source: f.source ?? null, unit: f.unit ?? null, code: f.code ?? null, status: f.status ?? null,
  from: f.from ?? null, to: f.to ?? f.from ?? null,
});

function rowOf(r: Record<string, unknown>): QuarantineRow {
  const raw = (r['raw'] as string | null) ?? null;
  const values = rawFields(raw);
  const problems = JSON.parse(String(r['problems'])) as Problem[];
  return {
    ...(r as unknown as Omit<QuarantineRow, 'problems' | 'values' | 'reason_vi'>),
    // a file name of an HTTP source's page is built from its URL: no secret in it
    file: redactText(String(r['file'])),
    raw,
    values,
    reason_vi: reasonText(problems, values),
    problems: problems.map((p) => ({ ...p, message_vi: problemText(p, values), field_vi: p.field ? (FIELD_NAMES[p.field] ?? p.field) : null })),
  };
}

/** A page of the quarantine's entries and how many there are in all. */
export async function listQuarantine(db: Database, f: QuarantineFilter, page: { limit: number; offset: number }): Promise<{ total: number; rows: QuarantineRow[] }> {
  const p = params(f);
  const rows = await db.all<Record<string, unknown> & { total: number }>(q('quarantine-list'), { ...p, limit: page.limit, offset: page.offset });
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page.offset > 0) {
    total = (await db.all<{ total: number }>(q('quarantine-list'), { ...p, limit: 1, offset: 0 }))[0]?.total ?? 0;
  }
  return { total, rows: rows.map(({ total: _t, ...r }) => rowOf(r)) };
}

/** The entries of a status counted per unit, per source and per reason. */
export async function quarantineSummary(db: Database, f: Pick<QuarantineFilter, 'status' | 'from' | 'to'>): Promise<QuarantineSummary> {
  const rows = await db.all<{ kind: string; key: string | null; field: string | null; name: string | null; rows: number }>(q('quarantine-summary'), {
    status: f.status ?? null, from: f.from ?? null, to: f.to ?? f.from ?? null,
  });
  const byUnit = rows.filter((r) => r.kind === 'unit').map((r) => ({ unit_code: r.key, unit_name: r.name, rows: r.rows }));
  return {
    by_unit: byUnit,
    by_source: rows.filter((r) => r.kind === 'source').map((r) => ({ source_id: r.key!, rows: r.rows })),
    by_reason: rows.filter((r) => r.kind === 'reason').map((r) => ({
      code: r.key!, field: r.field, field_vi: r.field ? (FIELD_NAMES[r.field] ?? r.field) : null,
      // the reason's sentence without a particular row's value
      label_vi: problemText({ field: r.field, code: r.key!, message: '' }, null),
      rows: r.rows,
    })),
    total: byUnit.reduce((n, r) => n + r.rows, 0),
  };
}

/** Every entry a filter selects, for a download (a unit's open rows to correct), at most `cap`. */
export async function quarantineRows(db: Database, f: QuarantineFilter, cap = 100_000): Promise<QuarantineRow[]> {
  return (await listQuarantine(db, f, { limit: cap, offset: 0 })).rows;
}
