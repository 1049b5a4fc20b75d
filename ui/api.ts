import { tableFromIPC } from 'apache-arrow';
import { messageOf } from './messages.ts';

/**
 * Typed access to the service's API. An error carries the code the server sent and the
 * Vietnamese message of that code (ui/messages.ts), never the server's English message.
 *
 * The shapes are the routes' own (the zod schemas their OpenAPI responses are made of),
 * imported as types only: nothing of the server reaches the bundle.
 */
import type { mapUnitsResponse, unitHistoryResponse, unitPositionsResponse } from '../analytics/map-schemas.ts';
import type { z } from 'zod';
import type {
  areaRatesResponse, crossCheckResponse, milestonesResponse, quarantineListResponse, quarantineSummaryResponse, unitRatesResponse, unitsResponse, violationsResponse,
} from '../analytics/schemas.ts';
import type { sourcesResponse } from '../ingest/schemas.ts';
import type { freshnessResponse } from '../ingest/freshness.ts';
import type { freezesResponse } from '../reports/schemas.ts';
import type { priorityResponse, teamsResponse } from '../reports/teams-routes.ts';
import type { alertsResponse, evaluationSchema, outboxResponse, rulesResponse, subscriptionSchema } from '../alerts/schemas.ts';
import type { AlertRule as AlertRuleInput } from '../config.ts';

export type {
  AreaCompleteness, Completeness, Counts, DataNote, DirectiveCounts, DataNotes, DataRange, LevelMilestone, MonthRates, QuarantineRow, Ranking, RankingRow, Unit, UnitRates, Violation,
} from '../analytics/schemas.ts';
export type { SourceView } from '../ingest/schemas.ts';
export type { Session, SessionUser } from '../auth/schemas.ts';
import type { DataNotes, DataRange, MonthRates, Ranking, UnitRates } from '../analytics/schemas.ts';
import type { Session } from '../auth/schemas.ts';
import type { NationalDataRange, NationalRanking } from '../national/schemas.ts';

export type AreaRates = z.infer<typeof areaRatesResponse>;
export type QuarantineSummary = z.infer<typeof quarantineSummaryResponse>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly status: number, readonly code: string, readonly fields: readonly string[] = []) {
    super();
  }
}

/** The error of a failed answer: its code, the fields of a refused body, and the catalogue's message for it (shown). */
async function failure(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; details?: { issues?: { field?: unknown }[] } } };
  const issues = Array.isArray(body.error?.details?.issues) ? body.error.details.issues : [];
  const fields = issues.map((i) => (typeof i.field === 'string' ? i.field : '')).filter((f) => f !== '');
  const err = new ApiError(res.status, body.error?.code ?? `http_${res.status}`, fields);
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

async function send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
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

export type RankLevel = 'province' | 'district' | 'commune';

/** Which figures: the period and the cut-off day (as_of, "Số liệu đến ngày"). */
export interface Scope { period: string; asOf: string }

export type Team = z.infer<typeof teamsResponse>['teams'][number];
export type Freshness = z.infer<typeof freshnessResponse>;
export type TeamPriority = z.infer<typeof priorityResponse>;
export type Freeze = z.infer<typeof freezesResponse>['freezes'][number];
/** A national warehouse's provinces (npm run serve -- --national): its /api/data-range says so. */
export type NationalInfo = NationalDataRange['national'];
export type { NationalRanking };

export const api = {
  range: (s?: AbortSignal) => getJson<DataRange & { national?: NationalInfo }>('/api/data-range', s),
  /** a national warehouse: the provinces ranked */
  nationalRanking: (c: Scope, s?: AbortSignal) => getJson<NationalRanking>(`/api/ranking?${q({ period: c.period, as_of: c.asOf, level: 'province' })}`, s),
  freshness: (s?: AbortSignal) => getJson<Freshness>('/api/freshness', s),
  units: (s?: AbortSignal) => getJson<z.infer<typeof unitsResponse>>('/api/units', s),
  teams: (s?: AbortSignal) => getJson<z.infer<typeof teamsResponse>>('/api/teams', s),
  /** the map in force on a day (issue 17): 27 districts, 26 from 1/12/2024, none from 1/7/2025 */
  unitsAt: (asOf: string, s?: AbortSignal) => getJson<z.infer<typeof mapUnitsResponse>>(`/api/units?${q({ as_of: asOf })}`, s),
  /** a unit's versions with their predecessors and successors (issue 17: the map changes) */
  unitHistory: (code: string, s?: AbortSignal) => getJson<z.infer<typeof unitHistoryResponse>>(`/api/units/${encodeURIComponent(code)}/history`, s),
  /** where the districts and communes of a date's map lie (the map view) */
  positions: (asOf: string, s?: AbortSignal) => getJson<z.infer<typeof unitPositionsResponse>>(`/api/units/positions?${q({ as_of: asOf })}`, s),
  /** a team's units in the order to check them (the server's order, settings.priority) */
  teamPriority: (c: Scope, team: number, s?: AbortSignal) => getJson<TeamPriority>(`/api/teams/${team}/priority?${q({ period: c.period, as_of: c.asOf })}`, s),
  /** frozen periods of the monthly report (staff only: ask only when the role may) */
  freezes: (s?: AbortSignal) => getJson<z.infer<typeof freezesResponse>>('/api/reports/freezes', s),
  /** a level's ranking: the 27 districts (default), the provincial bodies, the communes (of one district) */
  ranking: (c: Scope, s?: AbortSignal, level: RankLevel = 'district', district: string | null = null) =>
    getJson<Ranking>(`/api/ranking?${q({ period: c.period, as_of: c.asOf, level: level === 'district' ? null : level, district })}`, s),
  area: (c: Scope, area: string, s?: AbortSignal, baseline = false) =>
    getJson<AreaRates>(`/api/rates?${q({ period: c.period, as_of: c.asOf, area, include_baseline: baseline ? 'true' : null })}`, s),
  unitRates: (c: Scope, unit: string, s?: AbortSignal, baseline = false) =>
    getJson<z.infer<typeof unitRatesResponse>>(`/api/rates?${q({ period: c.period, as_of: c.asOf, unit, include_baseline: baseline ? 'true' : null })}`, s),
  unitsOfLevel: (c: Scope, level: string, s?: AbortSignal) => getArrowRows<UnitRates>(`/api/rates?${q({ period: c.period, as_of: c.asOf, level })}`, s),
  /** with the baseline: the chart shows adoption before and after the milestones */
  trend: (area: string, from: string, to: string, asOf: string, s?: AbortSignal) => getArrowRows<MonthRates>(`/api/trend?${q({ area, from, to, as_of: asOf, include_baseline: 'true' })}`, s),
  milestones: (asOf: string, s?: AbortSignal) => getJson<z.infer<typeof milestonesResponse>>(`/api/milestones?${q({ as_of: asOf })}`, s),
  violations: (c: Scope, unit: string, reason: string | null, limit: number, offset: number, s?: AbortSignal) =>
    getJson<z.infer<typeof violationsResponse>>(`/api/violations?${q({ unit, period: c.period, as_of: c.asOf, reason, limit, offset })}`, s),
  /** the cross-check of self-reports of one unit (staff only: ask only when the role may) */
  crossCheck: (c: Scope, unit: string, s?: AbortSignal) => getJson<z.infer<typeof crossCheckResponse>>(`/api/cross-check?${q({ unit, period: c.period, as_of: c.asOf })}`, s),
  sources: (s?: AbortSignal) => getJson<z.infer<typeof sourcesResponse>>('/api/sources', s),
  quarantine: (status: string, unit: string | null, limit: number, offset: number, s?: AbortSignal) =>
    getJson<z.infer<typeof quarantineListResponse>>(`/api/quarantine?${q({ status, unit, limit, offset })}`, s),
  dataNotes: (period: string, unit: string | null, code: string | null, limit: number, offset: number, s?: AbortSignal) =>
    getJson<DataNotes>(`/api/data-notes?${q({ period, unit, code, limit, offset })}`, s),
  quarantineSummary: (status: string, s?: AbortSignal) => getJson<QuarantineSummary>(`/api/quarantine/summary?${q({ status })}`, s),
};

export type AlertRule = z.infer<typeof rulesResponse>['rules'][number];
export type Alert = z.infer<typeof alertsResponse>['alerts'][number];
export type Subscription = z.infer<typeof subscriptionSchema>;
export type OutboxMessage = z.infer<typeof outboxResponse>['messages'][number];
export type { AlertRuleInput };
export interface MySubscriptions { subscriptions: Subscription[]; rules: { id: string; name: string; kind: string }[]; webhooks: string[] }
export interface NewSubscription { channel: 'email' | 'webhook'; target: string; rule_id?: string; mode: 'immediate' | 'digest'; digest_hour?: number }

/** Alerts, rules, subscriptions and the outbox. */
export const alertsApi = {
  rules: (s?: AbortSignal) => getJson<z.infer<typeof rulesResponse>>('/api/alerts/rules', s),
  alerts: (s?: AbortSignal) => getJson<z.infer<typeof alertsResponse>>('/api/alerts?limit=100', s),
  saveRule: (rule: AlertRuleInput) => send<z.infer<typeof rulesResponse>>('PUT', `/api/alerts/rules/${encodeURIComponent(rule.id)}`, rule),
  removeRule: (id: string) => send<z.infer<typeof rulesResponse>>('DELETE', `/api/alerts/rules/${encodeURIComponent(id)}`),
  evaluate: () => send<z.infer<typeof evaluationSchema>>('POST', '/api/alerts/evaluate'),
  subscriptions: (s?: AbortSignal) => getJson<MySubscriptions>('/api/subscriptions', s),
  subscribe: (sub: NewSubscription) => send<Subscription>('POST', '/api/subscriptions', sub),
  unsubscribe: (id: string) => send<{ removed: string }>('DELETE', `/api/subscriptions/${encodeURIComponent(id)}`),
  outbox: (s?: AbortSignal) => getJson<z.infer<typeof outboxResponse>>('/api/outbox?limit=200', s),
};
/** A message written as an .eml file (demo, no SMTP server). */
export const emlFile = (id: string) => `/api/outbox/${id}/eml`;

/** A team's inspection work list (Excel), for the period and cut-off shown. */
export const inspectionWorkbook = (team: number | 'all', c: Scope) => `/api/reports/inspection.xlsx?${q({ team, period: c.period, as_of: c.asOf })}`;

/** Every violating document of a unit (all pages, streamed by the server), for the period and cut-off shown. */
export const violationsExport = (format: 'csv' | 'xlsx', c: Scope, unit: string, reason: string | null) =>
  `/api/violations.${format}?${q({ unit, period: c.period, as_of: c.asOf, reason })}`;

/** A unit's rows in quarantine to download, for the unit to correct its export. */
export const quarantineExport = (format: 'csv' | 'xlsx', unit: string | null, status: string) => `/api/quarantine/export.${format}?${q({ unit, status })}`;
