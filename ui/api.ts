import { tableFromIPC } from 'apache-arrow';

/**
 * Typed access to the service's API. Errors carry the server's Vietnamese-ready message.
 *
 * The shapes are the routes' own (the zod schemas their OpenAPI responses are made of),
 * imported as types only: nothing of the server reaches the bundle.
 */
import type { z } from 'zod';
import type {
  areaRatesResponse, milestonesResponse, quarantineListResponse, quarantineSummaryResponse, unitsResponse, violationsResponse,
} from '../analytics/schemas.ts';
import type { sourcesResponse } from '../ingest/schemas.ts';

export type {
  AreaCompleteness, Completeness, Counts, DataNote, DataNotes, DataRange, LevelMilestone, MonthRates, QuarantineRow, Ranking, RankingRow, Unit, UnitRates, Violation,
} from '../analytics/schemas.ts';
export type { SourceView } from '../ingest/schemas.ts';
export type { Session, SessionUser } from '../auth/schemas.ts';
import type { DataNotes, DataRange, MonthRates, Ranking, UnitRates } from '../analytics/schemas.ts';
import type { Session } from '../auth/schemas.ts';

export type AreaRates = z.infer<typeof areaRatesResponse>;
export type QuarantineSummary = z.infer<typeof quarantineSummaryResponse>;

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function request(path: string, signal?: AbortSignal, accept = 'application/json'): Promise<Response> {
  const res = await fetch(path, { headers: { accept }, signal: signal ?? null, credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    // the per-user request budget (README: Security): said in Vietnamese, as the page is
    if (res.status === 429) throw new ApiError(429, body.error?.code ?? 'too_many_requests', `Quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau ${res.headers.get('retry-after') ?? 'vài'} giây.`);
    throw new ApiError(res.status, body.error?.code ?? 'http_error', body.error?.message ?? `HTTP ${res.status}`);
  }
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

const q = (params: Record<string, string | number | null | undefined>) => {
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
  const json = (await res.json().catch(() => ({}))) as T & { error?: { code?: string; message?: string } };
  if (!res.ok) throw new ApiError(res.status, json.error?.code ?? 'http_error', json.error?.message ?? `HTTP ${res.status}`);
  return json;
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

export const api = {
  range: (s?: AbortSignal) => getJson<DataRange>('/api/data-range', s),
  units: (s?: AbortSignal) => getJson<z.infer<typeof unitsResponse>>('/api/units', s),
  ranking: (period: string, s?: AbortSignal) => getJson<Ranking>(`/api/ranking?${q({ period })}`, s),
  area: (period: string, area: string, s?: AbortSignal) => getJson<AreaRates>(`/api/rates?${q({ period, area })}`, s),
  unitsOfLevel: (period: string, level: string, s?: AbortSignal) => getArrowRows<UnitRates>(`/api/rates?${q({ period, level })}`, s),
  /** with the baseline: the chart shows adoption before and after the milestones */
  trend: (area: string, from: string, to: string, s?: AbortSignal) => getArrowRows<MonthRates>(`/api/trend?${q({ area, from, to, include_baseline: 'true' })}`, s),
  milestones: (s?: AbortSignal) => getJson<z.infer<typeof milestonesResponse>>('/api/milestones', s),
  violations: (unit: string, period: string, reason: string | null, limit: number, offset: number, s?: AbortSignal) =>
    getJson<z.infer<typeof violationsResponse>>(`/api/violations?${q({ unit, period, reason, limit, offset })}`, s),
  sources: (s?: AbortSignal) => getJson<z.infer<typeof sourcesResponse>>('/api/sources', s),
  quarantine: (status: string, unit: string | null, limit: number, offset: number, s?: AbortSignal) =>
    getJson<z.infer<typeof quarantineListResponse>>(`/api/quarantine?${q({ status, unit, limit, offset })}`, s),
  dataNotes: (period: string, unit: string | null, code: string | null, limit: number, offset: number, s?: AbortSignal) =>
    getJson<DataNotes>(`/api/data-notes?${q({ period, unit, code, limit, offset })}`, s),
  quarantineSummary: (status: string, s?: AbortSignal) => getJson<QuarantineSummary>(`/api/quarantine/summary?${q({ status })}`, s),
};

/** A unit's rows in quarantine to download, for the unit to correct its export. */
export const quarantineExport = (format: 'csv' | 'xlsx', unit: string | null, status: string) => `/api/quarantine/export.${format}?${q({ unit, status })}`;
