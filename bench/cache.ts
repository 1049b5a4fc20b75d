/**
 * Figure cache: the server's resident memory while one user asks for 2,000 figures with
 * distinct `as_of` dates (every commune's rates and the milestones, alternately), which a
 * cache without a byte bound would keep until the next rebuild. Run twice, each time in a
 * server of its own over the same generated warehouse: with the default bound
 * (FIGURE_CACHE_MB=64), and for comparison with the bound raised out of reach
 * (FIGURE_CACHE_MB=16000; the 2,000-entry bound still applies). VmRSS from
 * /proc/<pid>/status every 100 requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadRun } from '../ingest/load.ts';
import { startBenchServer, type BenchServer } from './bench-server.ts';
import { cachedExport } from './generate.ts';
import { memoryOf } from './server.ts';
import { fmtCount, fmtInt, type Measurement } from './types.ts';

const REQUESTS = 2_000;
const CACHE_MIB = 64;
/** what the process may take on top of its memory after the first 100 requests: the cache's bound and as much again for the heap's slack */
const GROWTH_TARGET_MIB = 2 * CACHE_MIB;
/** the bound out of reach (the most FIGURE_CACHE_MB takes) */
const UNBOUNDED_MIB = 16_000;

interface Run {
  cacheMiB: number;
  samples: { requests: number; rssMiB: number }[];
  warmMiB: number;
  peakMiB: number;
  endMiB: number;
  seconds: number;
}

async function measureRun(rows: number, seed: number, cacheMiB: number, log: (m: string) => void): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'cds-bench-cache-'));
  let server: BenchServer | undefined;
  try {
    const exp = await cachedExport(rows, seed);
    server = await startBenchServer(dir, async (wh) => {
      const s = await loadRun(wh, { sourceId: 'bench', trigger: 'test', files: [{ path: exp.path, name: 'bench.csv' }] });
      if (s.status !== 'succeeded') throw new Error(`load failed: ${s.error}`);
    }, { FIGURE_CACHE_MB: String(cacheMiB) });
    const s = server;
    const samples: Run['samples'] = [{ requests: 0, rssMiB: memoryOf(s.pid).rssMiB }];
    const day0 = Date.parse('2021-07-01T00:00:00Z');
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const asOf = new Date(day0 + i * 86_400_000).toISOString().slice(0, 10);
      const path = i % 2 === 0 ? `/api/rates?period=2021-06&level=commune&as_of=${asOf}` : `/api/milestones?as_of=${asOf}`;
      const res = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${s.token}`, 'accept-encoding': 'gzip' } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      if ((i + 1) % 100 === 0) {
        samples.push({ requests: i + 1, rssMiB: memoryOf(s.pid).rssMiB });
        if ((i + 1) % 500 === 0) log(`cache ${cacheMiB} MiB: ${i + 1} requests, RSS ${fmtInt(samples.at(-1)!.rssMiB)} MiB`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const warmMiB = samples.find((x) => x.requests === 100)!.rssMiB;
    return { cacheMiB, samples, warmMiB, peakMiB: Math.max(...samples.map((x) => x.rssMiB)), endMiB: samples.at(-1)!.rssMiB, seconds };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const cacheMeasurement: Measurement = {
  id: 'cache',
  title: 'Figure cache: server memory through 2,000 requests with distinct as_of dates',
  async run(ctx) {
    const rows = Number(ctx.options['cache-rows'] ?? (ctx.quick ? 200_000 : 1_000_000));
    const runs: Run[] = [];
    for (const mib of [CACHE_MIB, UNBOUNDED_MIB]) {
      ctx.log(`cache ${mib} MiB: ${fmtCount(rows)} documents, ${REQUESTS} requests`);
      runs.push(await measureRun(rows, ctx.seed, mib, ctx.log));
    }
    const [bounded, unbounded] = runs as [Run, Run];
    const growth = bounded.peakMiB - bounded.warmMiB;
    return {
      summary: [
        {
          metric: `growth of the server's RSS over ${fmtInt(REQUESTS)} distinct as_of requests, after the first 100 (FIGURE_CACHE_MB=${CACHE_MIB})`,
          target: `≤ ${GROWTH_TARGET_MIB} MiB`,
          measured: `${fmtInt(growth)} MiB (${fmtInt(bounded.warmMiB)} → peak ${fmtInt(bounded.peakMiB)}, end ${fmtInt(bounded.endMiB)} MiB)`,
          met: growth <= GROWTH_TARGET_MIB,
        },
        {
          metric: 'the same without the byte bound (FIGURE_CACHE_MB=16000)',
          target: '— (context)',
          measured: `${fmtInt(unbounded.peakMiB - unbounded.warmMiB)} MiB (${fmtInt(unbounded.warmMiB)} → peak ${fmtInt(unbounded.peakMiB)}, end ${fmtInt(unbounded.endMiB)} MiB)`,
          met: null,
        },
      ],
      tables: [{
        title: `RSS (MiB) by requests made (${fmtInt(rows)} documents)`,
        columns: ['requests', `FIGURE_CACHE_MB=${CACHE_MIB}`, 'FIGURE_CACHE_MB=16000'],
        rows: bounded.samples.filter((x) => x.requests % 200 === 0).map((x) => [x.requests, fmtInt(x.rssMiB), fmtInt(unbounded.samples.find((u) => u.requests === x.requests)?.rssMiB ?? Number.NaN)]),
      }],
      notes: [
        'Each request is a figure the cache has not seen (a new as_of date): every commune\'s rates (559 rows, 140 KB of JSON) and the milestones, alternately, with one viewer\'s API token. The server is `npm run serve` in its own process, as in the api section.',
        `The bounded run took ${Math.round(bounded.seconds)} s, the other ${Math.round(unbounded.seconds)} s. RSS includes DuckDB's buffers, which do not depend on the cache.`,
      ],
      data: { rows, requests: REQUESTS, runs },
    };
  },
};
