import autocannon from 'autocannon';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRun } from '../ingest/load.ts';
import { startBenchServer, type BenchServer } from './bench-server.ts';
import { cachedExport, cachedUpdateExport } from './generate.ts';
import { fmtInt, round, type Measurement } from './types.ts';
import { runWrk } from './wrk.ts';

const P95_TARGET_MS = 10;
/** What the dashboard asks for; `gzip`: the request says it accepts gzip, as every browser does. */
const ENDPOINTS = [
  { name: 'ranking', path: '/api/ranking?period=2021-06', gzip: true, duringLoad: true, client: 'wrk' },
  { name: 'commune rates', path: '/api/rates?period=2021-06&level=commune', gzip: true, duringLoad: true, client: 'wrk' },
  // context: an API client that does not ask for compression gets the 360 KB as it is
  { name: 'commune rates, uncompressed', path: '/api/rates?period=2021-06&level=commune', gzip: false, duringLoad: false, client: 'wrk' },
  // context: the load generator of the runs before 2026-12-07 (bench/wrk.ts says why it changed)
  { name: 'commune rates, autocannon', path: '/api/rates?period=2021-06&level=commune', gzip: true, duringLoad: false, client: 'autocannon' },
] as const;
/** The rows the targets apply to (the others are context). */
const TARGETED = new Set<string>(['ranking', 'commune rates']);

interface Scenario {
  endpoint: string;
  client: 'wrk' | 'autocannon';
  withLoad: boolean;
  bytesPerResponse: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon and keeps every response's time (ms), for exact quantiles. */
function measure(opts: autocannon.Options): Promise<{ result: autocannon.Result; times: number[] }> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve({ result, times })));
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

/** The q-quantile (nearest rank) of the times, in ms with one decimal. */
export function quantile(times: readonly number[], q: number): number {
  if (times.length === 0) return Number.NaN;
  const sorted = [...times].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!, 1);
}

/**
 * The API under 32 concurrent clients on loopback (wrk, bench/wrk.ts), against the real
 * server (`npm run serve`) in its own process over a warehouse of generated documents: each
 * endpoint alone, then again while the server loads an export dropped into its folder
 * source (so the load, the model rebuild and the dropped figure cache happen mid-run).
 */
export const apiMeasurement: Measurement = {
  id: 'api',
  title: 'API: GET /api/ranking and /api/rates?level=commune under 32 concurrent clients',
  async run(ctx) {
    const rows = Number(ctx.options['api-rows'] ?? (ctx.quick ? 200_000 : 1_000_000));
    const seconds = Number(ctx.options['api-seconds'] ?? (ctx.quick ? 6 : 30));
    const dir = mkdtempSync(join(tmpdir(), 'cds-bench-api-'));
    let server: BenchServer | undefined;
    try {
      ctx.log(`preparing a warehouse of ${fmtInt(rows)} documents`);
      const exp = await cachedExport(rows, ctx.seed);
      const update = await cachedUpdateExport(rows, ctx.seed);
      ctx.log('starting the server');
      server = await startBenchServer(dir, async (wh) => {
        const summary = await loadRun(wh, { sourceId: 'bench', trigger: 'test', files: [{ path: exp.path, name: 'bench.csv' }] });
        if (summary.status !== 'succeeded') throw new Error(`load failed: ${summary.error}`);
      });
      const { url, token, adminToken, inbox } = server;
      const scenarios: Scenario[] = [];
      for (const withLoad of [false, true]) {
        for (const { name, path, gzip, duringLoad, client } of ENDPOINTS) {
          if (withLoad && !duringLoad) continue;
          const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(gzip ? { 'accept-encoding': 'gzip, deflate, br' } : {}) };
          // warm the figure cache as a user's first request would
          await fetch(`${url}${path}`, { headers });
          if (withLoad) {
            mkdirSync(inbox, { recursive: true });
            copyFileSync(update.path, join(inbox, `update-${name.replace(' ', '-')}.csv`));
            // the folder source waits 2 s for a dropped file to settle; the run starts mid-benchmark
            setTimeout(() => void fetch(`${url}/api/sources/bench-drop/run`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } }), 2_500);
          }
          ctx.log(`${name}${withLoad ? ' during a load' : ''}: ${seconds} s, 32 connections (${client})`);
          if (client === 'wrk') {
            const r = await runWrk(`${url}${path}`, { connections: 32, seconds, headers });
            scenarios.push({
              endpoint: name, client, withLoad, bytesPerResponse: Math.round(r.bytes / Math.max(1, r.requests)), requests: r.requests, rps: round(r.requests / r.seconds, 0),
              p50: round(r.p50, 1), p90: round(r.p90, 1), p95: round(r.p95, 1), p99: round(r.p99, 1), errors: r.errors, non2xx: r.non2xx,
            });
          } else {
            const { result: r, times } = await measure({ url: `${url}${path}`, connections: 32, duration: seconds, headers });
            scenarios.push({
              endpoint: name, client, withLoad, bytesPerResponse: Math.round(r.throughput.total / Math.max(1, r.requests.total)), requests: r.requests.total, rps: round(r.requests.average, 0),
              p50: quantile(times, 0.5), p90: quantile(times, 0.9), p95: quantile(times, 0.95), p99: quantile(times, 0.99),
              errors: r.errors + r.timeouts, non2xx: r.non2xx,
            });
          }
        }
      }
      const alone = scenarios.filter((s) => !s.withLoad);
      return {
        summary: [
          ...alone.map((s) => ({
            metric: `${s.endpoint}: p95 latency (every response timed)`, target: TARGETED.has(s.endpoint) ? `≤ ${P95_TARGET_MS} ms` : '— (context)',
            measured: `${s.p95} ms (p50 ${s.p50}, p99 ${s.p99} ms; ${fmtInt(s.rps)} req/s; ${fmtInt(s.bytesPerResponse)} bytes a response)`,
            met: TARGETED.has(s.endpoint) ? s.p95 <= P95_TARGET_MS : null,
          })),
          { metric: 'errors and non-2xx responses, every scenario', target: '0', measured: String(scenarios.reduce((n, s) => n + s.errors + s.non2xx, 0)), met: scenarios.every((s) => s.errors + s.non2xx === 0) },
        ],
        tables: [{
          title: `Scenarios (${fmtInt(rows)} documents, ${seconds} s each, 32 connections, loopback)`,
          columns: ['endpoint', 'client', 'during a load', 'requests', 'req/s', 'bytes a response', 'p50 ms', 'p90 ms', 'p95 ms', 'p99 ms', 'errors', 'non-2xx'],
          rows: scenarios.map((s) => [s.endpoint, s.client, s.withLoad ? 'yes' : 'no', fmtInt(s.requests), fmtInt(s.rps), fmtInt(s.bytesPerResponse), s.p50, s.p90, s.p95, s.p99, s.errors, s.non2xx]),
        }],
        notes: [
          'The server runs in its own process (`npm run serve`); wrk (one thread, 32 keep-alive connections) runs on the same 2 cores, so both compete for CPU. Bytes a response: headers and body as sent.',
          'Latencies are quantiles of every response\'s time as the client saw it. Requests say they accept gzip, as the dashboard\'s browser does; figures are stored gzipped once per rebuild. The uncompressed row is an API client that does not ask for compression.',
          'The autocannon row is the load generator of the runs before 2026-12-07, for comparison: it appends every chunk of a body to a JavaScript string, which for gzip bytes costs it more CPU than the server spends (bench/wrk.ts).',
          'During a load: the 1 % update export is dropped into the server\'s folder source and the source is run through the API; the load, the model rebuild and the cache invalidation happen inside the measured window.',
        ],
        data: { rows, seconds, scenarios },
      };
    } finally {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
