import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWrkReport, runWrk } from './wrk.ts';

describe('parseWrkReport', () => {
  it('reads the last JSON line of wrk-report.lua after wrk\'s own summary, latencies in ms', () => {
    const out = [
      'Running 1s test @ http://127.0.0.1:1/',
      '  1 threads and 32 connections',
      '{"requests":1200,"duration_us":1000512,"bytes":4800000,"errors":{"connect":1,"read":2,"write":0,"status":7,"timeout":3},"latency_us":{"p50":1520,"p90":4001,"p95":9999,"p99":12345,"max":20000}}',
      '',
    ].join('\n');
    expect(parseWrkReport(out)).toEqual({
      requests: 1200, seconds: 1.000512, bytes: 4_800_000, errors: 6, non2xx: 7,
      p50: 1.52, p90: 4.001, p95: 9.999, p99: 12.345, max: 20,
    });
  });

  it('fails when wrk wrote no report line', () => {
    expect(() => parseWrkReport('Running 1s test\n')).toThrow(/no report line/);
  });
});

// wrk itself (Debian's package, installed by .ci/run) against a real HTTP server
describe('runWrk', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    const body = Buffer.alloc(1_000, 'x');
    server = createServer((req, res) => {
      seen.push(req.headers['x-bench'] as string);
      if (req.url === '/ok') res.writeHead(200, { 'content-length': body.length }).end(body);
      else res.writeHead(404, { 'content-length': 0 }).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('counts the answers, their bytes and sends the headers', async () => {
    const r = await runWrk(`${url}/ok`, { connections: 4, seconds: 1, headers: { 'x-bench': 'yes' } });
    expect(r.requests).toBeGreaterThan(100);
    expect(r.errors).toBe(0);
    expect(r.non2xx).toBe(0);
    // the body and the status line and headers of each answer
    expect(r.bytes / r.requests).toBeGreaterThan(1_000);
    expect(r.bytes / r.requests).toBeLessThan(1_200);
    expect(r.p50).toBeGreaterThan(0);
    expect(r.p50).toBeLessThanOrEqual(r.p95);
    expect(r.p95).toBeLessThanOrEqual(r.max);
    expect(seen.at(-1)).toBe('yes');
  });

  it('counts 4xx answers as not 2xx', async () => {
    const r = await runWrk(`${url}/missing`, { connections: 2, seconds: 1, headers: {} });
    expect(r.requests).toBeGreaterThan(0);
    expect(r.non2xx).toBe(r.requests);
  });
});
