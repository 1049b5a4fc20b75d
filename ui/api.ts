import { tableFromIPC } from 'apache-arrow';
import { messageOf } from './messages.ts';

/**
 * Typed access to the service's API. An error carries the code the server sent and the
 * Vietnamese message of that code (ui/messages.ts), never the server's English message.
 */

export interface Counts {
  out_total: number; out_electronic: number; out_signed: number;
  in_on_time: number; in_late: number; in_pending: number; secret_excluded: number;
  sent_electronic_rate: number | null; signed_rate: number | null; on_time_rate: number | null;
}
/** How complete a figure is: open quarantined rows of its units in the period, units without any document. */
export interface Completeness { quarantined_rows: number; units_without_data: number; complete: boolean; quarantined_rows_unknown_unit?: number }
export interface UnitRates extends Counts, Completeness { code: string; name: string; level: string; parent_code: string }
export interface RankingRow extends Counts, Completeness {
  code: string; name: string; short_name: string; rank: number | null; previous_rank: number | null; score: number | null;
  quarantined_as_out: number; quarantined_as_late: number; unranked_reason: 'no_data' | 'incomplete' | null;
}
export interface Ranking {
  period: string; as_of: string; incomplete_rule: 'as_computed' | 'count_against' | 'unranked';
  completeness: { districts_incomplete: number; units_without_data: number; quarantined_rows: number };
  districts: RankingRow[];
}
export interface AreaRates { period: string; as_of: string; area: Counts & Completeness & { code: string; name: string; area_kind: string; units: number } }
export interface MonthRates extends Counts { month: string }
export interface QuarantineProblem { field: string | null; code: string; message_vi: string; field_vi: string | null }
export interface QuarantineRow {
  run_id: number; source_id: string; file: string; row_no: number; unit_code: string | null; unit_name: string | null; doc_id: string | null;
  reason_vi: string; problems: QuarantineProblem[]; values: Record<string, string | null> | null; raw: string | null; loaded_at: string;
  status: 'open' | 'resolved' | 'repeated'; resolved_by_run: number | null; event_date: string | null; date_basis: 'event_time' | 'received' | null;
  seen: number | null; first_seen_run: number | null; counted_as: 'out' | 'late' | null;
}
export interface QuarantineSummary {
  status: string; total: number;
  by_unit: { unit_code: string | null; unit_name: string | null; rows: number }[];
  by_source: { source_id: string; rows: number }[];
  by_reason: { code: string; field: string | null; field_vi: string | null; label_vi: string; rows: number }[];
}
/** What the load decided about an empty or unreadable value (ingest/mapping/field-rules.ts). */
export interface DataNote { field: string; code: string; message: string }
export interface DataNotes {
  period: string | null; total: number;
  groups: { unit_code: string; unit_name: string | null; field: string; code: string; example: string; documents: number }[];
  documents: { unit_code: string; doc_id: string; direction: string; number: string | null; event_date: string; notes: DataNote[]; source_id: string; run_id: number; file: string | null; row_no: number }[];
}
export interface LevelMilestone {
  level: string; milestone: string; not_yet_due: boolean; units: number; units_full_compliance: number; units_without_outgoing: number;
  baseline: Counts; required: Counts; months: MonthRates[];
}
export interface Violation {
  unit_code: string; doc_id: string; direction: string; number: string | null; doc_type: string | null; doc_date: string | null;
  event_time: string; event_date: string; channel: string | null; signed: boolean | null; deadline: string | null; completed_time: string | null;
  reasons: string[]; source_id: string; run_id: number; file: string | null; row_no: number;
}
export interface SourceView {
  id: string; kind: string; schedule: string | null; location: string | null; enabled: boolean;
  last_success_at: string | null; last_error_at: string | null; last_error: string | null;
  /** what the source's server answered to the last failure: sent to administrators only */
  last_error_detail?: string | null;
  last_run_id: number | null; rows_loaded_total: number; failing: boolean; stale: boolean;
}
export interface Unit { code: string; name: string; short_name: string; level: string; parent_code: string; district_code: string | null }
export interface DataRange { first_month: string | null; last_month: string | null; documents: number }

export interface SessionUser { username: string; role: string; team: number | null; unit: string | null }
export interface Session { user: SessionUser | null; csrf_token?: string }

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly status: number, readonly code: string) {
    super();
  }
}

/** The error of a failed answer: its code, and the catalogue's message for it (shown). */
async function failure(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
  const err = new ApiError(res.status, body.error?.code ?? `http_${res.status}`);
  err.message = messageOf(err.code, res.status, res.headers.get('retry-after'));
  return err;
}

async function request(path: string, signal?: AbortSignal, accept = 'application/json'): Promise<Response> {
  const res = await fetch(path, { headers: { accept }, signal: signal ?? null, credentials: 'same-origin' });
  if (!res.ok) throw await failure(res);
  return res;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request(path, signal)).json() as Promise<T>;
}

/** The larger tables come as Arrow IPC streams: smaller and typed. */
export async function getArrowRows<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const res = await request(path, signal, 'application/vnd.apache.arrow.stream');
  const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
  return table.toArray().map((r) => r.toJSON() as T);
}

export const q = (params: Record<string, string | number | null | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
};

/** The session's CSRF token, sent with every request that changes something. */
let csrfToken: string | undefined;

async function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export const session = {
  async current(): Promise<Session> {
    const s = await getJson<Session>('/api/session');
    csrfToken = s.csrf_token;
    return s;
  },
  async signIn(username: string, password: string): Promise<Session> {
    const s = await send<Session>('POST', '/api/session', { username, password });
    csrfToken = s.csrf_token;
    return s;
  },
  async signOut(): Promise<void> {
    await send('DELETE', '/api/session');
    csrfToken = undefined;
  },
};

/** Which figures: the period and the cut-off day (as_of, "Số liệu đến ngày"). */
export interface Scope { period: string; asOf: string }

export interface Team { id: number; name: string; lead: string; bodies: string[]; districts: string[]; unit_codes: string[] }
export interface Freshness { fresh_through: string | null; last_success_at: string | null; never_succeeded: number; stale: number }
export interface Freeze { period: string; version: number; period_from: string; period_to: string; as_of: string; frozen_at: string; frozen_by: string }

export const api = {
  range: (s?: AbortSignal) => getJson<DataRange>('/api/data-range', s),
  freshness: (s?: AbortSignal) => getJson<Freshness>('/api/freshness', s),
  units: (s?: AbortSignal) => getJson<{ units: Unit[] }>('/api/units', s),
  teams: (s?: AbortSignal) => getJson<{ teams: Team[] }>('/api/teams', s),
  /** frozen periods of the monthly report (staff only: ask only when the role may) */
  freezes: (s?: AbortSignal) => getJson<{ freezes: Freeze[] }>('/api/reports/freezes', s),
  ranking: (c: Scope, s?: AbortSignal) => getJson<Ranking>(`/api/ranking?${q({ period: c.period, as_of: c.asOf })}`, s),
  area: (c: Scope, area: string, s?: AbortSignal, baseline = false) =>
    getJson<AreaRates>(`/api/rates?${q({ period: c.period, as_of: c.asOf, area, include_baseline: baseline ? 'true' : null })}`, s),
  unitRates: (c: Scope, unit: string, s?: AbortSignal, baseline = false) =>
    getJson<{ as_of: string; units: UnitRates[] }>(`/api/rates?${q({ period: c.period, as_of: c.asOf, unit, include_baseline: baseline ? 'true' : null })}`, s),
  unitsOfLevel: (c: Scope, level: string, s?: AbortSignal) => getArrowRows<UnitRates>(`/api/rates?${q({ period: c.period, as_of: c.asOf, level })}`, s),
  /** with the baseline: the chart shows adoption before and after the milestones */
  trend: (area: string, from: string, to: string, asOf: string, s?: AbortSignal) => getArrowRows<MonthRates>(`/api/trend?${q({ area, from, to, as_of: asOf, include_baseline: 'true' })}`, s),
  milestones: (asOf: string, s?: AbortSignal) => getJson<{ as_of: string; levels: LevelMilestone[] }>(`/api/milestones?${q({ as_of: asOf })}`, s),
  violations: (c: Scope, unit: string, reason: string | null, limit: number, offset: number, s?: AbortSignal) =>
    getJson<{ total: number; rows: Violation[]; unit: { code: string; name: string; level: string } }>(`/api/violations?${q({ unit, period: c.period, as_of: c.asOf, reason, limit, offset })}`, s),
  sources: (s?: AbortSignal) => getJson<{ sources: SourceView[] }>('/api/sources', s),
  quarantine: (status: string, unit: string | null, limit: number, offset: number, s?: AbortSignal) =>
    getJson<{ total: number; rows: QuarantineRow[] }>(`/api/quarantine?${q({ status, unit, limit, offset })}`, s),
  dataNotes: (period: string, unit: string | null, code: string | null, limit: number, offset: number, s?: AbortSignal) =>
    getJson<DataNotes>(`/api/data-notes?${q({ period, unit, code, limit, offset })}`, s),
  quarantineSummary: (status: string, s?: AbortSignal) => getJson<QuarantineSummary>(`/api/quarantine/summary?${q({ status })}`, s),
};

/** A team's inspection work list (Excel), for the period and cut-off shown. */
export const inspectionWorkbook = (team: number | 'all', c: Scope) => `/api/reports/inspection.xlsx?${q({ team, period: c.period, as_of: c.asOf })}`;

/** A unit's rows in quarantine to download, for the unit to correct its export. */
export const quarantineExport = (format: 'csv' | 'xlsx', unit: string | null, status: string) => `/api/quarantine/export.${format}?${q({ unit, status })}`;
