import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIsoWithOffset } from '../time.ts';
import { decodeExport } from './decode.ts';
import { selectUnits } from './registry.ts';
import { resumeCursor, startSimulator, type Simulator } from './server.ts';
import { systemOf, type SystemId } from './systems.ts';
import { MILESTONES, REGISTRY } from './test-fixtures.ts';
import type { SimDocument } from './types.ts';

// P01, P02 and 380 (+34 communes) on TD-Office, 381 (+7) on iOffice, 384 (+8) on VOffice.
const UNITS = selectUnits(REGISTRY, ['P01', 'P02', '380', '381', '384']);
const KNOWN = new Set(UNITS.map((u) => u.code));
const SYSTEM_OF = new Map(UNITS.map((u) => [u.code, systemOf(u)]));
const TOKEN = 'test-token';
const SYSTEMS: SystemId[] = ['tdoffice', 'ioffice', 'voffice'];

let sim: Simulator;

interface Page {
  status: number;
  headers: Headers;
  body: string;
}

async function get(path: string, token: string | null = TOKEN, signal?: AbortSignal): Promise<Page> {
  const res = await fetch(`${sim.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, ...(signal ? { signal } : {}) });
  // res.text() would strip the BOM that iOffice exports start with.
  return { status: res.status, headers: res.headers, body: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
}

function exportPath(system: string, params: Record<string, string | number> = {}): string {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return `/systems/${system}/export${q.size ? `?${q}` : ''}`;
}

/** Follows X-Next-Page from page 1; returns every page. */
async function pullAll(system: SystemId, params: Record<string, string | number> = {}): Promise<Page[]> {
  const pages: Page[] = [];
  let page: string | null = '1';
  while (page !== null) {
    const p = await get(exportPath(system, { ...params, page }));
    expect(p.status).toBe(200);
    pages.push(p);
    page = p.headers.get('X-Next-Page');
    expect(pages.length).toBeLessThan(500);
  }
  return pages;
}

/** Decodes row by row, so one corrupted row does not hide the others. */
function decodeEach(system: SystemId, body: string): Array<SimDocument | Error> {
  const attempt = (b: string) => {
    try {
      return decodeExport(system, b, { knownUnits: KNOWN })[0]!;
    } catch (err) {
      return err as Error;
    }
  };
  if (system === 'voffice') return (JSON.parse(body) as unknown[]).map((r) => attempt(JSON.stringify([r])));
  const eol = system === 'ioffice' ? '\r\n' : '\n';
  const lines = body.split(eol).filter((l) => l !== '');
  return lines.slice(1).map((l) => attempt(`${lines[0]}${eol}${l}${eol}`));
}

const truthOf = (system: SystemId) => sim.groundTruth().filter((d) => SYSTEM_OF.get(d.unit_code) === system);

beforeAll(async () => {
  sim = await startSimulator({ units: UNITS, milestones: MILESTONES, seed: 21, scale: 0.1, token: TOKEN });
});
afterAll(async () => {
  await sim.close();
});

describe('simulator HTTP API', () => {
  it('lists its systems', async () => {
    const p = await get('/systems');
    expect(p.status).toBe(200);
    expect(JSON.parse(p.body)).toEqual([
      { id: 'tdoffice', format: 'csv', units: 3 + 34 },
      { id: 'ioffice', format: 'csv', units: 1 + 7 },
      { id: 'voffice', format: 'json', units: 1 + 8 },
      // the old iOffice (Quan Sơn, 387) is not in this small province
      { id: 'ioffice-v1', format: 'csv', units: 0 },
    ]);
    expect(sim.systems()).toEqual([...SYSTEMS, 'ioffice-v1']);
  });

  it('refuses requests without the bearer token', async () => {
    for (const token of [null, 'wrong']) {
      const p = await get(exportPath('tdoffice'), token);
      expect(p.status).toBe(401);
      expect(JSON.parse(p.body).error.code).toBe('unauthorized');
    }
  });

  it('answers 404 for unknown systems and 400 for bad parameters', async () => {
    expect((await get(exportPath('lotus'))).status).toBe(404);
    const bad: Array<Record<string, string | number>> = [{ since: 'yesterday' }, { since: '2020-02-30T00:00:00Z' }, { since: '2020-05-01T10:00:00' }, { page: 0 }, { page: 'x' }, { page_size: 0 }, { page_size: 1e6 }];
    for (const params of bad) {
      const p = await get(exportPath('tdoffice', params));
      expect(p.status, JSON.stringify(params)).toBe(400);
      expect(JSON.parse(p.body).error.code).toMatch(/^bad_/);
    }
  });

  it.each(SYSTEMS)('%s: pages cover every row exactly once, in order, with consistent headers', async (system) => {
    const truth = truthOf(system);
    expect(truth.length).toBeGreaterThan(150);
    const pages = await pullAll(system, { page_size: 97 });
    expect(pages).toHaveLength(Math.ceil(truth.length / 97));
    const rows: SimDocument[] = [];
    for (const p of pages) {
      expect(p.headers.get('Content-Type')).toBe(system === 'voffice' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8');
      expect(p.headers.get('Content-Length')).toBe(String(Buffer.byteLength(p.body)));
      expect(p.headers.get('X-Total-Count')).toBe(String(truth.length));
      expect(p.headers.get('X-Watermark')).toBe(truth.at(-1)!.updated_at);
      const decoded = decodeExport(system, p.body, { knownUnits: KNOWN });
      expect(p.headers.get('X-Record-Count')).toBe(String(decoded.length));
      rows.push(...decoded);
    }
    expect(rows).toEqual(truth);
  });

  it('filters by since (exclusive, any offset) and by unit', async () => {
    const truth = truthOf('tdoffice');
    const since = truth[Math.floor(truth.length / 2)]!.updated_at;
    const expected = truth.filter((d) => d.updated_at > since);
    const pages = await pullAll('tdoffice', { since, page_size: 1000 });
    expect(pages.flatMap((p) => decodeExport('tdoffice', p.body))).toEqual(expected);
    // the same instant written with the local offset
    const local = localIsoWithOffset(since);
    expect(local).toMatch(/\+07:00$/);
    const again = await get(exportPath('tdoffice', { since: local, page_size: 100_000 }));
    expect(decodeExport('tdoffice', again.body)).toEqual(expected);

    const unit = await get(exportPath('tdoffice', { unit: 'P02', page_size: 100_000 }));
    expect(decodeExport('tdoffice', unit.body)).toEqual(truth.filter((d) => d.unit_code === 'P02'));
  });

  it('returns a valid empty export past the watermark, echoing since', async () => {
    const since = '2030-01-01T00:00:00Z';
    for (const system of SYSTEMS) {
      const p = await get(exportPath(system, { since }));
      expect(p.status).toBe(200);
      expect(p.headers.get('X-Record-Count')).toBe('0');
      expect(p.headers.get('X-Total-Count')).toBe('0');
      expect(p.headers.get('X-Next-Page')).toBeNull();
      expect(p.headers.get('X-Watermark')).toBe(since);
      expect(decodeExport(system, p.body)).toEqual([]);
    }
    expect((await get(exportPath('ioffice', { since }))).body).toBe('\uFEFFMã đơn vị;Mã văn bản;Loại sổ;Số ký hiệu;Loại văn bản;Ngày văn bản;Thời gian gửi/nhận;Độ mật;Hình thức;Ký số;Hạn xử lý;Ngày hoàn thành;Nơi gửi;Xử lý trên môi trường mạng\r\n');
  });

  it('moves with the sim clock, and incremental pulls by watermark reach the ground truth', async () => {
    try {
      sim.setNow('2020-10-01T00:00:00Z');
      const early = sim.groundTruth();
      expect(early.every((d) => d.event_time <= '2020-10-01T00:00:00Z' && d.updated_at <= '2020-10-01T00:00:00Z')).toBe(true);
      expect(early.some((d) => d.direction === 'in' && d.completed_time === null && d.deadline !== null && d.deadline > '2020-10-01')).toBe(true);

      for (const system of SYSTEMS) {
        const store = new Map<string, SimDocument>();
        const pull = async (since: string | null) => {
          const pages = await pullAll(system, { page_size: 500, ...(since ? { since } : {}) });
          for (const p of pages) for (const d of decodeExport(system, p.body)) store.set(`${d.unit_code}|${d.doc_id}`, d);
          return pages.at(-1)!.headers.get('X-Watermark');
        };
        sim.setNow('2020-10-01T00:00:00Z');
        let watermark = await pull(null);
        for (const now of ['2020-10-01T00:00:00Z', '2021-03-01T04:00:00Z', '2021-03-01T09:30:00Z', '2021-12-31T17:00:00Z']) {
          sim.setNow(now);
          watermark = await pull(watermark);
          const truth = new Map(truthOf(system).map((d) => [`${d.unit_code}|${d.doc_id}`, d]));
          expect(new Map(store)).toEqual(truth);
        }
      }
    } finally {
      sim.setNow('2021-12-31T17:00:00Z');
    }
  });
});

describe('fault injection', () => {
  afterAll(() => sim.setFaults({}));

  it('answers 500 with a JSON body', async () => {
    sim.setFaults({ errorRate: 1 });
    const p = await get(exportPath('voffice'));
    expect(p.status).toBe(500);
    expect(JSON.parse(p.body).error.code).toBe('simulated_failure');
  });

  it('is reproducible for the same configuration', async () => {
    const run = async () => {
      sim.setFaults({ errorRate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await get(exportPath('ioffice', { page_size: 5 }))).status);
      return statuses;
    };
    const a = await run();
    expect(a).toContain(500);
    expect(a).toContain(200);
    expect(await run()).toEqual(a);
  });

  it('never answers a timed-out request', async () => {
    sim.setFaults({ timeoutRate: 1, timeoutMs: 30_000 });
    const before = sim.requests;
    await expect(get(exportPath('tdoffice'), TOKEN, AbortSignal.timeout(400))).rejects.toThrow();
    expect(sim.requests).toBe(before + 1);
    // the socket is dropped after timeoutMs
    sim.setFaults({ timeoutRate: 1, timeoutMs: 150 });
    await expect(get(exportPath('tdoffice'), TOKEN, AbortSignal.timeout(5_000))).rejects.toThrow(/fetch failed|other side closed|socket/i);
  });

  it.each(SYSTEMS)('%s: truncates a page mid-row without Content-Length', async (system) => {
    sim.setFaults({});
    const full = await get(exportPath(system, { page_size: 50 }));
    sim.setFaults({ truncateRate: 1 });
    const cut = await get(exportPath(system, { page_size: 50 }));
    expect(cut.status).toBe(200);
    expect(cut.headers.get('Content-Length')).toBeNull();
    expect(cut.headers.get('Transfer-Encoding')).toBe('chunked');
    expect(cut.headers.get('X-Record-Count')).toBe('50');
    expect(cut.body.length).toBeLessThan(full.body.length * 0.75);
    expect(full.body.startsWith(cut.body)).toBe(true);
    expect(() => {
      const rows = decodeExport(system, cut.body);
      if (rows.length !== 50) throw new Error(`only ${rows.length} rows`);
    }).toThrow();
  });

  it.each(SYSTEMS)('%s: duplicated pages still deliver every row', async (system) => {
    sim.setFaults({ duplicatePageRate: 0.4 });
    const pages = await pullAll(system, { page_size: 25 });
    const rows = pages.flatMap((p) => {
      const decoded = decodeExport(system, p.body);
      expect(p.headers.get('X-Record-Count')).toBe(String(decoded.length));
      return decoded;
    });
    const truth = truthOf(system);
    expect(pages.length).toBeGreaterThan(Math.ceil(truth.length / 25));
    expect(rows.length).toBeGreaterThan(truth.length);
    const unique = new Map(rows.map((d) => [`${d.unit_code}|${d.doc_id}`, d]));
    expect(unique).toEqual(new Map(truth.map((d) => [`${d.unit_code}|${d.doc_id}`, d])));
  });

  it.each(SYSTEMS)('%s: corrupts some rows, transiently', async (system) => {
    sim.setFaults({ malformedRate: 0.25 });
    const path = exportPath(system, { page_size: 120 });
    const first = decodeEach(system, (await get(path)).body);
    const second = decodeEach(system, (await get(path)).body);
    const bad = (xs: Array<SimDocument | Error>) => xs.map((x, i) => (x instanceof Error ? i : -1)).filter((i) => i >= 0);
    expect(first).toHaveLength(120);
    expect(bad(first).length).toBeGreaterThan(10);
    expect(bad(first).length).toBeLessThan(60);
    expect(bad(second)).not.toEqual(bad(first));
    sim.setFaults({});
    const clean = decodeEach(system, (await get(path)).body);
    expect(bad(clean)).toEqual([]);
    // every row that was fine in the corrupted pull is exactly the clean row
    first.forEach((x, i) => {
      if (!(x instanceof Error)) expect(x).toEqual(clean[i]);
    });
  });
});

describe('close()', () => {
  it('ends held requests and open sockets promptly', async () => {
    const other = await startSimulator({ units: selectUnits(REGISTRY, ['P03'], {}), milestones: MILESTONES, scale: 0.05, faults: { timeoutRate: 1 } });
    const pending = fetch(`${other.url}/systems/tdoffice/export`).then(
      () => 'answered',
      () => 'failed',
    );
    while (other.requests === 0) await new Promise((r) => setTimeout(r, 10));
    const t = performance.now();
    await other.close();
    expect(performance.now() - t).toBeLessThan(2000);
    expect(await pending).toBe('failed');
    await other.close(); // idempotent
  });
});

describe('X-Page-Watermark', () => {
  const at = (...times: string[]) => times.map((t) => ({ updated_at: `2020-01-01T00:00:${t}Z` }) as SimDocument);

  it('resumes after a page boundary, or before a group of equal times that straddles it', () => {
    const rows = at('01', '02', '03', '03', '03', '04');
    expect(resumeCursor(rows, 2, null)).toBe('2020-01-01T00:00:02Z');
    expect(resumeCursor(rows, 3, null)).toBe('2020-01-01T00:00:02Z'); // 03 continues on the next page
    expect(resumeCursor(rows, 5, null)).toBe('2020-01-01T00:00:03Z');
    expect(resumeCursor(rows, 6, null)).toBe('2020-01-01T00:00:04Z');
    expect(resumeCursor(at('05', '05', '05'), 1, '2019-12-31T00:00:00Z')).toBe('2019-12-31T00:00:00Z');
    expect(resumeCursor(at('05', '05'), 1, null)).toBeNull();
  });

  it('is sent with every page; the last page carries X-Watermark', async () => {
    const pages = await pullAll('tdoffice', { page_size: 50 });
    expect(pages.length).toBeGreaterThan(2);
    const cursors = pages.map((p) => p.headers.get('X-Page-Watermark'));
    expect(cursors.every((c) => c !== null)).toBe(true);
    expect([...cursors].sort()).toEqual(cursors);
    expect(cursors.at(-1)).toBe(pages.at(-1)!.headers.get('X-Watermark'));
  });
});
