/**
 * HTTP load by wrk (Debian's `wrk` package: C, epoll), for the api section. wrk reads each
 * response's bytes and keeps them as bytes; autocannon, used before, appends every chunk of
 * a body to a JavaScript string, which for compressed (high-entropy) bytes costs more CPU
 * than our server spends on the request, on the same two cores: a bare node:http server
 * sending 24 KB of random bytes reached 850–2,700 requests a second under autocannon and
 * 17,000 under wrk (2026-12-07, load average 7; README, Performance). The latency a client sees is then
 * mostly the load generator's. wrk keeps every response's time in a histogram of
 * microseconds; bench/wrk-report.lua writes its quantiles as one JSON line.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './generate.ts';

export interface WrkResult {
  requests: number;
  seconds: number;
  bytes: number;
  /** connect, read, write and timeout errors */
  errors: number;
  /** responses with a status of 400 or more */
  non2xx: number;
  /** latencies in ms */
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

const REPORT = join(repoRoot, 'bench/wrk-report.lua');

/** The JSON line wrk-report.lua writes, as a result (ms with three decimals). */
export function parseWrkReport(stdout: string): WrkResult {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) throw new Error(`wrk wrote no report line:\n${stdout.slice(-2000)}`);
  const r = JSON.parse(line) as {
    requests: number; duration_us: number; bytes: number;
    errors: { connect: number; read: number; write: number; status: number; timeout: number };
    latency_us: { p50: number; p90: number; p95: number; p99: number; max: number };
  };
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    requests: r.requests, seconds: r.duration_us / 1e6, bytes: r.bytes,
    errors: r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout, non2xx: r.errors.status,
    p50: ms(r.latency_us.p50), p90: ms(r.latency_us.p90), p95: ms(r.latency_us.p95), p99: ms(r.latency_us.p99), max: ms(r.latency_us.max),
  };
}

/** `connections` keep-alive connections on one wrk thread for `seconds`, each asking for `url` again as soon as it is answered. */
export function runWrk(url: string, opts: { connections: number; seconds: number; headers: Record<string, string> }): Promise<WrkResult> {
  const args = ['-t1', `-c${opts.connections}`, `-d${opts.seconds}s`, '--timeout', '10s', '-s', REPORT,
    ...Object.entries(opts.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        reject(new Error(missing ? 'wrk is not installed: the api section needs it (apt-get install wrk; bench/README.md)' : `wrk failed: ${err.message}\n${stderr}`));
        return;
      }
      try {
        resolve(parseWrkReport(stdout));
      } catch (e) {
        reject(e);
      }
    });
  });
}
