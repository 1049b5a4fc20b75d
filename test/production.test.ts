// The production path, end to end: `npm run build` in a copy of the sources, then a
// directory holding only what is deployed (dist/, config/, package.json, package-lock.json),
// `npm ci --omit=dev` there, and the start:prod command serving the demo: health, the
// dashboard's page and script, a signed-in figure request and a workbook. No TypeScript,
// no tsx, no vite and none of the dashboard's packages are there at run time.
// About 40 s on an idle machine (build ≈ 10 s, npm ci ≈ 10 s from the npm cache, demo ≈ 15 s).
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/warehouse.ts';

const run = promisify(execFile);
const PASSWORD = 'production-test-password';
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string; scripts: Record<string, string>; dependencies: Record<string, string>;
};

let work: string;
let prod: string;
let server: ChildProcess | undefined;
let url: string;
const output: string[] = [];
let ready: Promise<void>;

/** The sources as a clone would have them (tracked and new files, not ignored ones), without the tests and benchmarks. */
function copySources(to: string): void {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  for (const file of listed.split('\0')) {
    if (!file || file.startsWith('test/') || file.startsWith('bench/') || !existsSync(join(repoRoot, file))) continue;
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(to, file));
  }
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cds-production-'));
  const src = join(work, 'src');
  prod = join(work, 'prod');
  copySources(src);
  // the build's tools are the repository's own devDependencies, lent through a link
  symlinkSync(join(repoRoot, 'node_modules'), join(src, 'node_modules'), 'dir');
  try {
    await run('npm', ['run', 'build'], { cwd: src, maxBuffer: 16 << 20 });
  } finally {
    unlinkSync(join(src, 'node_modules'));
  }

  mkdirSync(prod);
  for (const part of ['dist', 'config', 'package.json', 'package-lock.json']) cpSync(join(src, part), join(prod, part), { recursive: true });
  await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: prod, maxBuffer: 16 << 20 });

  const [command, ...args] = pkg.scripts['start:prod']!.split(' ');
  expect(command).toBe('node');
  server = spawn(process.execPath, args, {
    cwd: prod,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], DATA_DIR: join(work, 'data'), PORT: '0', DEMO: '1', SIM_SCALE: '0.05', DEMO_ADMIN_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  createInterface({ input: server.stderr! }).on('line', (l) => output.push(l));
  const lines = createInterface({ input: server.stdout! });
  ready = new Promise((resolve, reject) => {
    lines.on('line', (l) => {
      output.push(l);
      if (l.includes('demo data ready')) resolve();
    });
    server!.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output.join('\n')}`)));
  });
  url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (l) => {
      const m = /listening on (http:\/\/[^\s"]+)/.exec(l);
      if (m) resolve(m[1]!);
    });
    server!.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output.join('\n')}`)));
  });
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run build, then npm ci --omit=dev and npm run start:prod (node dist/main.js)', () => {
  it('deploys without sources, build tools or the dashboard\'s packages', () => {
    expect(filesUnder(join(prod, 'dist')).filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(existsSync(join(prod, 'dist/test'))).toBe(false);
    // what the lock file marks as needed only for development (jszip stays: exceljs uses it)
    const lock = JSON.parse(readFileSync(join(prod, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([path, p]) => p.dev && path.lastIndexOf('node_modules/') === 0).map(([path]) => path);
    for (const name of ['tsx', 'typescript', 'vite', 'vitest', 'lit', '@lit/task', 'vega', 'vega-lite', 'vega-embed']) expect(devOnly).toContain(`node_modules/${name}`);
    for (const path of devOnly) expect(existsSync(join(prod, path)), path).toBe(false);
    for (const dep of Object.keys(pkg.dependencies)) expect(existsSync(join(prod, 'node_modules', dep)), dep).toBe(true);
    // every .sql file of the sources sits beside its compiled module
    const sql = filesUnder(join(work, 'src')).filter((f) => f.endsWith('.sql')).map((f) => f.slice(join(work, 'src').length + 1)).filter((f) => !f.startsWith('dist/'));
    expect(sql.length).toBeGreaterThan(50);
    for (const f of sql) expect(existsSync(join(prod, 'dist', f)), f).toBe(true);
  });

  it('answers /api/health with the package version', async () => {
    const res = await fetch(`${url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: pkg.version });
    // and is ready: its warehouse answers
    const ready = await fetch(`${url}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('serves the dashboard: its page and the script the page loads', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="vi">');
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${url}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const body = await js.text();
    expect(body.length).toBeGreaterThan(100_000); // lit and vega bundled into the page's script
    expect(body).toContain('cds-app');
  });

  it('signs the demo administrator in and answers figures and a workbook from the loaded demo', async () => {
    await ready;
    const signIn = await fetch(`${url}/api/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(cookie).not.toBe('');
    const get = (path: string) => fetch(`${url}${path}`, { headers: { cookie } });

    const unsigned = await fetch(`${url}/api/ranking?period=2021-06`);
    expect(unsigned.status).toBe(401);

    const ranking = await get('/api/ranking?period=2021-06');
    expect(ranking.status).toBe(200);
    const { units: districts } = (await ranking.json()) as { units: { rank: number | null; sent_electronic_rate: number | null }[] };
    expect(districts).toHaveLength(27);
    expect(districts.filter((d) => d.rank !== null).length).toBeGreaterThan(0);

    // the province's counts are the sum of its units' counts, as in development
    const province = (await (await get('/api/rates?period=2021&area=38')).json()) as { area: Record<string, number> };
    const units = (await (await get('/api/rates?period=2021')).json()) as { units: Record<string, number>[] };
    expect(units.units).toHaveLength(606);
    for (const k of ['out_total', 'out_electronic', 'out_signed', 'in_on_time', 'in_late']) {
      expect(province.area[k], k).toBe(units.units.reduce((n, u) => n + u[k]!, 0));
    }
    expect(province.area['out_total']).toBeGreaterThan(100);

    const workbook = await get('/api/reports/monthly.xlsx?period=2021-06');
    expect(workbook.status).toBe(200);
    expect(Buffer.from(await workbook.arrayBuffer()).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
