import type { Database } from '../warehouse/database.ts';
import { sqlFile } from '../warehouse/sql.ts';
import type { Settings, SourceConfig } from '../config.ts';
import { redactText, redactUrl } from '../redact.ts';
import type { Run, SourceView } from './schemas.ts';

const q = (name: string) => sqlFile(new URL(`./queries/${name}.sql`, import.meta.url));

export type { SourceView } from './schemas.ts';

/** Whether the caller may read what upstream servers answered (administrators). */
export interface Audience {
  details: boolean;
}

interface StateRow {
  source_id: string;
  last_run_id: number | null;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
  last_error_detail: string | null;
  rows_loaded_total: number;
  failing: boolean;
}

/** Every configured source with its state, then sources only the run log knows (e.g. the CLI). */
export async function listSources(db: Database, settings: Settings, sources: readonly SourceConfig[], now = new Date(), audience: Audience = { details: false }): Promise<SourceView[]> {
  const states = new Map((await db.all<StateRow>(q('sources'))).map((s) => [s.source_id, s]));
  const staleBefore = now.getTime() - settings.staleAfterHours * 3_600_000;
  const view = (id: string, kind: SourceView['kind'], schedule: string | null, location: string | null, enabled: boolean): SourceView => {
    const s = states.get(id);
    const lastSuccess = s?.last_success_at ?? null;
    return {
      id, kind, schedule, location, enabled,
      last_success_at: lastSuccess,
      last_error_at: s?.last_error_at ?? null,
      last_error: s?.last_error == null ? null : redactText(s.last_error),
      ...(audience.details ? { last_error_detail: s?.last_error_detail == null ? null : redactText(s.last_error_detail) } : {}),
      last_run_id: s?.last_run_id ?? null,
      rows_loaded_total: s?.rows_loaded_total ?? 0,
      failing: s?.failing ?? false,
      stale: kind !== 'other' && (lastSuccess === null || Date.parse(lastSuccess) < staleBefore),
    };
  };
  const out = sources.map((s) =>
    view(s.id, s.kind, s.schedule, s.kind === 'http' ? redactUrl(s.url, []).split('?')[0]! : s.path, s.enabled),
  );
  for (const id of states.keys()) if (!sources.some((s) => s.id === id)) out.push(view(id, 'other', null, null, false));
  return out;
}

export async function listRuns(db: Database, p: { source?: string | undefined; limit: number; offset: number }, audience: Audience = { details: false }): Promise<Run[]> {
  const rows = await db.all<Omit<Run, 'error_detail'> & { error_detail: string | null }>(q('runs'), { source: p.source ?? null, limit: p.limit, offset: p.offset });
  return rows.map(({ error_detail, ...r }) => ({
    ...r,
    error: r.error === null ? null : redactText(r.error),
    ...(audience.details ? { error_detail: error_detail === null ? null : redactText(error_detail) } : {}),
  }));
}
