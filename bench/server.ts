/**
 * Server memory: the peak resident memory of the server process (`npm run serve`) over a
 * warehouse of 10 M documents (quick: 1 M), through what a month brings: start-up (with its
 * full model build), the dashboard's figures, the reports, and one more day's export loaded
 * through a source (load, incremental model build). Read from /proc/<pid>/status: VmRSS
 * after each step and VmHWM (the kernel's high-water mark of the process) at the end.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchServer, type BenchServer } from './bench-server.ts';
import { cachedDayExport, workDir } from './generate.ts';
import { cachedWarehouse } from './models.ts';
import { fmtCount, fmtInt, round, type Measurement } from './types.ts';

export function memoryOf(pid: number): { rssMiB: number; hwmMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: Math.round(kib('VmRSS') / 1024), hwmMiB: Math.round(kib('VmHWM') / 1024) };
}

interface Step {
  step: string;
  seconds: number;
  rssMiB: number;
  hwmMiB: number;
  detail: string;
}

export const serverMeasurement: Measurement = {
  id: 'server',
  title: 'Server: peak memory over 10 M documents',
  async run(ctx) {
    const rows = Number(ctx.options['server-rows'] ?? (ctx.quick ? 1_000_000 : 10_000_000));
    ctx.log(`server ${fmtCount(rows)}: preparing the warehouse`);
    const cached = await cachedWarehouse(rows, ctx.seed, ctx.log);
    const day = await cachedDayExport(rows, ctx.seed, 0);
    mkdirSync(join(workDir, 'tmp'), { recursive: true });
    const dir = mkdtempSync(join(workDir, 'tmp', 'server-'));
    let server: BenchServer | undefined;
    const steps: Step[] = [];
    try {
      copyFileSync(cached.path, join(dir, 'cds.duckdb'));
      let t0 = performance.now();
      const record = (step: string, detail = '') => {
        const m = memoryOf(server!.pid);
        steps.push({ step, seconds: round((performance.now() - t0) / 1000, 1), rssMiB: m.rssMiB, hwmMiB: m.hwmMiB, detail });
        ctx.log(`server ${fmtCount(rows)}: ${step}: ${steps.at(-1)!.seconds} s, RSS ${fmtInt(m.rssMiB)} MiB (peak so far ${fmtInt(m.hwmMiB)} MiB)`);
        t0 = performance.now();
      };
      ctx.log(`server ${fmtCount(rows)}: starting the server (it builds every model first)`);
      server = await startBenchServer(dir);
      record('start-up, full model build');
      const s = server;
      const get = async (path: string, role: 'viewer' | 'admin' = 'viewer', method = 'GET') => {
        const res = await fetch(`${s.url}${path}`, { method, headers: { authorization: `Bearer ${role === 'admin' ? s.adminToken : s.token}`, 'accept-encoding': 'gzip' } });
        const bytes = (await res.arrayBuffer()).byteLength;
        if (res.status !== 200) throw new Error(`${method} ${path}: HTTP ${res.status}`);
        return bytes;
      };
      const figures = [
        '/api/ranking?period=2021-06', '/api/rates?period=2021-06&level=commune', '/api/rates?period=2021', '/api/rates?period=2021&area=38',
        '/api/trend?area=38&from=2020-01&to=2021-12', '/api/milestones', '/api/violations?period=2021&unit=P01&limit=100',
      ];
      let bytes = 0;
      for (const p of figures) bytes += await get(p);
      record('the dashboard\'s figures', `${figures.length} requests, ${fmtInt(bytes / 1024)} KB gzipped`);
      bytes = await get('/api/reports/monthly.xlsx?period=2021-12', 'admin');
      record('monthly report (xlsx)', `${fmtInt(bytes / 1024)} KB`);
      bytes = await get('/api/reports/inspection.xlsx?team=all&period=2021-12', 'admin');
      record('inspection workbook, all units, December 2021', `${fmtInt(bytes / 1024)} KB`);
      mkdirSync(s.inbox, { recursive: true });
      copyFileSync(day.path, join(s.inbox, 'day.csv'));
      // the folder source takes a file once it has stopped changing for 2 s
      await new Promise((r) => setTimeout(r, 2_500));
      t0 = performance.now();
      const res = await fetch(`${s.url}/api/sources/bench-drop/run`, { method: 'POST', headers: { authorization: `Bearer ${s.adminToken}` } });
      const runs = (await res.json()) as { runs: { status: string; loaded: number; updated: number; error?: string }[] };
      const r = runs.runs[0];
      if (res.status !== 200 || r?.status !== 'succeeded' || r.loaded !== day.plan.added || r.updated !== day.plan.updated) {
        throw new Error(`loading the day's export: HTTP ${res.status} ${JSON.stringify(runs).slice(0, 500)}`);
      }
      record('one more day loaded through a source, incremental model build', `${fmtInt(r.loaded)} new, ${fmtInt(r.updated)} updated documents`);
      bytes = 0;
      for (const p of figures) bytes += await get(p);
      record('the dashboard\'s figures again', `${figures.length} requests`);
      const peak = memoryOf(s.pid).hwmMiB;
      return {
        summary: [
          { metric: `peak resident memory of the server process over ${fmtCount(rows)} documents (VmHWM)`, target: '— (context)', measured: `${fmtInt(peak)} MiB`, met: null },
          { metric: 'server start-up over the warehouse (opening, migrations, full model build)', target: '— (context)', measured: `${steps[0]!.seconds} s`, met: null },
        ],
        tables: [{
          title: `Steps (${fmtInt(rows)} documents; RSS after each step, peak so far)`,
          columns: ['step', 'seconds', 'RSS MiB', 'peak MiB', 'detail'],
          rows: steps.map((x) => [x.step, x.seconds, fmtInt(x.rssMiB), fmtInt(x.hwmMiB), x.detail]),
        }],
        notes: [
          'The warehouse is the generated export of that size loaded by the project (cached in bench/work/, see the models section); the server is `npm run serve` in its own process; DuckDB runs inside it with its default memory limit (80 % of RAM).',
          'Peak memory includes DuckDB\'s buffer pool: DuckDB keeps what it read cached while memory is free, so the figure says how much the process took on a 24 GiB machine, not how little it needs.',
        ],
        data: { rows, peakMiB: peak, steps },
      };
    } finally {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
