import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, truncateBody, type FaultConfig } from './faults.ts';
import { compareDocuments, documentsAsOf, generateProvince } from './generate.ts';
import { dayIso, dayNumber, instantIso, localDayOf, normalizeInstant, parseInstant } from './local-time.ts';
import type { Timeline } from './map.ts';
import type { Unit } from './registry.ts';
import {
  assignSystems,
  CONTENT_TYPE,
  corruptRow,
  isSystemId,
  serializeRows,
  SYSTEM_FORMAT,
  SYSTEM_IDS,
  toVendorRow,
  type SystemId,
  type VendorRow,
} from './systems.ts';
import type { Milestones, SimDocument } from './types.ts';

export interface SimulatorOptions {
  /** 0 (default) = an ephemeral port */
  port?: number;
  host?: string;
  units: readonly Unit[];
  milestones: Milestones;
  seed?: number;
  scale?: number;
  /** sim clock, ISO instant (default 2021-12-31T17:00:00Z = midnight ending 2021, local) */
  now?: string;
  /** when set, every request needs Authorization: Bearer <token> */
  token?: string;
  faults?: FaultConfig;
  from?: string;
  to?: string;
  /** the map over time (simulator/map.ts); without it the 2020 map throughout */
  timeline?: Timeline;
  /**
   * the sim clock follows the real one (to the minute) instead of `now`, and the documents
   * are generated `LIVE_AHEAD_DAYS` ahead of it, a further stretch each time the clock comes
   * within a week of their end: a running demo keeps producing the day's documents
   */
  live?: boolean;
  /** use these documents instead of generating (tests that hand-craft records) */
  documents?: readonly SimDocument[];
}

export interface Simulator {
  url: string;
  port: number;
  close(): Promise<void>;
  setNow(iso: string): void;
  setFaults(f: FaultConfig): void;
  /** documentsAsOf at the current sim clock: what the warehouse must equal after pulling everything */
  groundTruth(): SimDocument[];
  systems(): string[];
  /** HTTP requests received so far (all endpoints) */
  readonly requests: number;
}

export const DEFAULT_NOW = '2021-12-31T17:00:00Z';
/** How far past today a live simulator has its documents ready (and the size of each further stretch). */
export const LIVE_AHEAD_DAYS = 31;
export const DEFAULT_PAGE_SIZE = 5000;
const MAX_PAGE_SIZE = 100_000;
const POSITIVE_INT = /^[1-9]\d{0,8}$/;

interface Snapshot {
  now: string;
  all: SimDocument[];
  bySystem: Map<SystemId, SimDocument[]>;
}

/** First index whose updated_at is strictly after `since` (rows are sorted by updated_at). */
function firstAfter(rows: readonly SimDocument[], since: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.updated_at > since) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The watermark from which a pull can resume once it holds the first `end` rows (a page
 * boundary): the latest updated_at all of whose rows lie before `end`. `since` is exclusive,
 * so a group of rows sharing one updated_at across the boundary resumes from before the
 * group; null when no such point lies after `since`.
 */
export function resumeCursor(rows: readonly SimDocument[], end: number, since: string | null): string | null {
  if (end <= 0) return since;
  if (end >= rows.length) return rows[rows.length - 1]!.updated_at;
  const boundary = rows[end]!.updated_at;
  let i = end;
  while (i > 0 && rows[i - 1]!.updated_at === boundary) i--;
  return i > 0 ? rows[i - 1]!.updated_at : since;
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE.json, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const seed = options.seed ?? 15;
  const systemByUnit = assignSystems(options.units);
  const live = options.live === true && !options.documents;
  const liveNow = () => instantIso(Math.floor(Date.now() / 60_000) * 60_000);
  const counters = new Map<string, number>();
  const generation = { units: options.units, milestones: options.milestones, seed, scale: options.scale ?? 1, timeline: options.timeline, counters };
  let generatedTo = options.to ?? (live ? dayIso(localDayOf(Date.now()) + LIVE_AHEAD_DAYS) : undefined);
  let all = options.documents
    ? [...options.documents]
    : generateProvince({ ...generation, from: options.from, to: generatedTo });
  let now = live ? liveNow() : normalizeInstant(options.now ?? DEFAULT_NOW);

  /** a live clock within a week of the documents' end: the next stretch of days, numbered on */
  function extendIfNeeded(): void {
    if (!live || generatedTo === undefined) return;
    const today = localDayOf(Date.now());
    if (today + 7 < dayNumber(generatedTo)) return;
    const from = dayIso(dayNumber(generatedTo) + 1);
    generatedTo = dayIso(today + LIVE_AHEAD_DAYS);
    const more = generateProvince({ ...generation, from, to: generatedTo, continues: true });
    all = [...all, ...more].sort(compareDocuments);
    snapshot = null;
  }
  const faults = new FaultInjector(seed, options.faults);
  const held = new Set<NodeJS.Timeout>();
  let requests = 0;
  let snapshot: Snapshot | null = null;

  const unitsPerSystem = new Map<SystemId, number>(SYSTEM_IDS.map((id) => [id, 0]));
  for (const id of systemByUnit.values()) unitsPerSystem.set(id, unitsPerSystem.get(id)! + 1);

  // Computed once per clock value: every page of a pull at one clock reads the same snapshot.
  function current(): Snapshot {
    if (live) {
      now = liveNow();
      extendIfNeeded();
    }
    if (snapshot?.now === now) return snapshot;
    const asOf = documentsAsOf(all, now);
    const bySystem = new Map<SystemId, SimDocument[]>(SYSTEM_IDS.map((id) => [id, []]));
    for (const doc of asOf) {
      const system = systemByUnit.get(doc.unit_code);
      if (system) bySystem.get(system)!.push(doc);
    }
    snapshot = { now, all: asOf, bySystem };
    return snapshot;
  }

  /**
   * A live system's rows: its clock moves on only when a pull starts (page 1), so the pages
   * of one pull read one snapshot while other systems' pulls start around it.
   */
  const liveSystems = new Map<SystemId, { now: string; rows: SimDocument[] }>();
  function rowsOf(system: SystemId, page: number): SimDocument[] {
    if (!live) return current().bySystem.get(system)!;
    let pulled = liveSystems.get(system);
    if (!pulled || page === 1) {
      const t = liveNow();
      if (!pulled || pulled.now !== t) {
        extendIfNeeded();
        pulled = { now: t, rows: documentsAsOf(all, t).filter((d) => systemByUnit.get(d.unit_code) === system) };
        liveSystems.set(system, pulled);
      }
    }
    return pulled.rows;
  }

  function handleExport(req: IncomingMessage, res: ServerResponse, system: SystemId, query: URLSearchParams): void {
    const sinceRaw = query.get('since') ?? '';
    let since: string | null = null;
    if (sinceRaw !== '') {
      const ms = parseInstant(sinceRaw);
      if (ms === null) return sendError(res, 400, 'bad_since', `since must be an ISO instant with Z or an offset, got ${JSON.stringify(sinceRaw)}`);
      since = instantIso(ms);
    }
    const pageRaw = query.get('page') ?? '1';
    if (!POSITIVE_INT.test(pageRaw)) return sendError(res, 400, 'bad_page', `page must be a positive integer, got ${JSON.stringify(pageRaw)}`);
    const sizeRaw = query.get('page_size') ?? String(DEFAULT_PAGE_SIZE);
    if (!POSITIVE_INT.test(sizeRaw) || Number(sizeRaw) > MAX_PAGE_SIZE) {
      return sendError(res, 400, 'bad_page_size', `page_size must be an integer 1..${MAX_PAGE_SIZE}, got ${JSON.stringify(sizeRaw)}`);
    }
    const page = Number(pageRaw);
    const pageSize = Number(sizeRaw);
    const unit = query.get('unit');

    let rows = rowsOf(system, page);
    if (since !== null) rows = rows.slice(firstAfter(rows, since));
    if (unit) rows = rows.filter((d) => d.unit_code === unit);
    const total = rows.length;
    const pages = Math.ceil(total / pageSize);

    const fault = faults.drawRequest();
    if (fault.timeout) {
      // Hold the request unanswered; unref so a forgotten timer never keeps the process alive.
      const timer = setTimeout(() => {
        held.delete(timer);
        req.socket.destroy();
      }, faults.config.timeoutMs);
      timer.unref();
      held.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        held.delete(timer);
      });
      return;
    }
    if (fault.error) return sendError(res, 500, 'simulated_failure', 'The document system failed while exporting (simulated).');

    // A duplicated page repeats page-1 and points back at this page, so a client that
    // follows X-Next-Page still receives every row, some of them twice.
    const duplicate = fault.duplicate && page >= 2 && page <= pages;
    const served = duplicate ? page - 1 : page;
    const nextPage = duplicate ? page : page < pages ? page + 1 : null;
    const pageRows = rows.slice((served - 1) * pageSize, served * pageSize);
    const vendorRows: VendorRow[] = pageRows.map((doc) => {
      const row = toVendorRow(system, doc);
      const corruption = faults.drawRow();
      return corruption ? corruptRow(system, row, corruption) : row;
    });
    const format = SYSTEM_FORMAT[system];
    const body = serializeRows(system, vendorRows);
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPE[format],
      'Cache-Control': 'no-store',
      'X-Record-Count': String(vendorRows.length),
      'X-Total-Count': String(total),
    };
    if (nextPage !== null) headers['X-Next-Page'] = String(nextPage);
    const watermark = total > 0 ? rows[total - 1]!.updated_at : sinceRaw !== '' ? sinceRaw : null;
    if (watermark !== null) headers['X-Watermark'] = watermark;
    const pageCursor = resumeCursor(rows, Math.min(served * pageSize, total), since);
    if (pageCursor !== null) headers['X-Page-Watermark'] = pageCursor;

    if (fault.truncate) {
      // No Content-Length: the body goes out chunked and simply ends early with a clean end.
      res.writeHead(200, headers);
      res.end(truncateBody(body, format));
      return;
    }
    const bytes = Buffer.from(body, 'utf8');
    headers['Content-Length'] = String(bytes.length);
    res.writeHead(200, headers);
    res.end(bytes);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    requests++;
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    if (req.method !== 'GET') return sendError(res, 405, 'method_not_allowed', 'Only GET is supported.', { Allow: 'GET' });
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      return sendError(res, 401, 'unauthorized', 'Missing or wrong bearer token.', { 'WWW-Authenticate': 'Bearer' });
    }
    if (url.pathname === '/systems') {
      return sendJson(res, 200, SYSTEM_IDS.map((id) => ({ id, format: SYSTEM_FORMAT[id], units: unitsPerSystem.get(id)! })));
    }
    const m = /^\/systems\/([^/]+)\/export\/?$/.exec(url.pathname);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      if (!isSystemId(id)) return sendError(res, 404, 'unknown_system', `No document system ${JSON.stringify(id)}.`);
      return handleExport(req, res, id, url.searchParams);
    }
    if (url.pathname === '/health') return sendJson(res, 200, { ok: true, now });
    return sendError(res, 404, 'not_found', `No route ${url.pathname}.`);
  }

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      if (!res.headersSent) sendError(res, 500, 'internal', (err as Error).message);
      else res.destroy();
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | null = null;

  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of held) clearTimeout(timer);
        held.clear();
        server.close(() => resolve());
        // Keep-alive and held (timed-out) sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      });
      return closing;
    },
    setNow(iso: string) {
      if (live) throw new Error('the live simulator follows the real clock');
      now = normalizeInstant(iso);
    },
    setFaults(f: FaultConfig) {
      faults.set(f);
    },
    groundTruth() {
      return [...current().all];
    },
    systems() {
      return [...SYSTEM_IDS];
    },
    get requests() {
      return requests;
    },
  };
}
