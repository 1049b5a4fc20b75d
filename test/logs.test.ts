// The service's log (log.ts): a real service, a real HTTP source whose URL carries a user,
// a password and a key (its first request fails, echoing them), sign-ins with planted
// passwords, an API token made and used, a key in a query; every line written is read back.
// No planted secret is in any line; every line is one JSON object with level and time;
// every request has one access line with its id (the X-Request-Id returned), every
// ingestion line its run id, every scheduler line its job.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { Scheduler } from '../ingest/scheduler.ts';
import { startService, type Service } from '../service.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { captureLogs } from './helpers/logs.ts';
import { repoRoot } from './helpers/warehouse.ts';
import { checkRunLogs, plantedPasswords } from './run-logs.ts';

const SOURCE_PASSWORD = 'src-pass-7Qk2';
const SOURCE_KEY = 'SRCKEY9x4Lm';
const BASIC = Buffer.from(`feeder:${SOURCE_PASSWORD}`).toString('base64');
const PASSWORD = 'planted password 4Yt7';
const WRONG_PASSWORD = 'planted wrong guess 8Hq1';
const NEW_PASSWORD = 'planted new user password 3Zr5';
const QUERY_SECRET = 'planted-query-secret-6Wd0';
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

type Entry = Record<string, unknown>;

describe('the log of a running service', () => {
  let upstream: Server;
  let requests = 0;
  let service: Service;
  let dataDir: string;
  let confDir: string;
  const captured = captureLogs('trace');
  /** what the service answered: each response's X-Request-Id, and the secrets it handed out */
  const answered: { method: string; path: string; status: number; reqId: string | null }[] = [];
  const handedOut: string[] = [];
  let adminToken: string;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.headers.authorization !== `Basic ${BASIC}` || url.searchParams.get('apikey') !== SOURCE_KEY) {
        res.writeHead(401).end('who are you?');
        return;
      }
      // the first request fails, with an error page that repeats the credentials; the retry loads
      if (++requests === 1) {
        res.writeHead(500, { 'content-type': 'text/html' }).end(`<h1>down</h1> ${req.url} feeder:${SOURCE_PASSWORD} ${req.headers.authorization}`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv', 'x-record-count': '1', 'x-watermark': 'w-1' })
        .end(`${CANONICAL_HEADER}\nP01,L1,out,1/VP,,,2020-10-01 08:00,normal,electronic,true,,\n`);
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const port = (upstream.address() as { port: number }).port;
    confDir = mkdtempSync(join(tmpdir(), 'cds-logs-conf-'));
    dataDir = mkdtempSync(join(tmpdir(), 'cds-logs-data-'));
    const settings = JSON.parse(readFileSync(join(repoRoot, 'config/settings.json'), 'utf8'));
    settings.unitsFile = join(repoRoot, 'config/units.csv');
    settings.sources = [{
      id: 'lgsp', kind: 'http', format: 'csv', schedule: '0 0 1 1 *', retry: { attempts: 2, backoffMs: 5 },
      url: `http://feeder:${SOURCE_PASSWORD}@127.0.0.1:${port}/export?apikey=${SOURCE_KEY}`,
    }];
    writeFileSync(join(confDir, 'settings.json'), JSON.stringify(settings));
    service = await startService(loadConfig({ DATA_DIR: dataDir, PORT: '0', DEMO: '0', SETTINGS_FILE: join(confDir, 'settings.json') }), captured.log);
    await service.access.store.addUser({ username: 'boss', password: PASSWORD, role: 'admin' }, [], async () => true);
    adminToken = (await service.access.store.createToken('boss', null)).token;
    handedOut.push(adminToken);
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await new Promise((r) => upstream?.close(r));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(confDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, init: { token?: string; cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    answered.push({ method, path: path.split('?')[0]!, status: res.status, reqId: res.headers.get('x-request-id') });
    return { res, json: text.startsWith('{') ? JSON.parse(text) : undefined };
  };

  it('runs the flows: a source pull that retries, sign-ins, a new user and token, keys in queries', async () => {
    const run = await call('POST', '/api/sources/lgsp/run', { token: adminToken });
    expect(run.json.runs[0]).toMatchObject({ status: 'succeeded', loaded: 1 });
    expect(requests).toBe(2);

    expect((await call('POST', '/api/session', { body: { username: 'boss', password: WRONG_PASSWORD } })).res.status).toBe(401);
    const signedIn = await call('POST', '/api/session', { body: { username: 'boss', password: PASSWORD } });
    expect(signedIn.res.status).toBe(200);
    const cookie = signedIn.res.headers.get('set-cookie')!.split(';')[0]!;
    handedOut.push(cookie.split('=').slice(1).join('='), signedIn.json.csrf_token);
    const csrf = { 'x-csrf-token': signedIn.json.csrf_token as string };
    expect((await call('POST', '/api/users', { cookie, headers: csrf, body: { username: 'newcomer', password: NEW_PASSWORD, role: 'viewer' } })).res.status).toBe(201);
    const made = await call('POST', '/api/tokens', { token: adminToken, body: { username: 'newcomer', label: 'laptop' } });
    expect(made.res.status).toBe(201);
    handedOut.push(made.json.token);
    expect((await call('GET', `/api/runs?limit=5&token=${QUERY_SECRET}&apikey=${QUERY_SECRET}`, { token: made.json.token })).res.status).toBe(200);
    expect((await call('GET', '/api/no-such-route', { token: made.json.token })).res.status).toBe(404);
    expect((await call('GET', '/api/sources', {})).res.status).toBe(401);
    expect((await call('GET', '/api/health', {})).res.status).toBe(200);
  });

  it('keeps a safe X-Request-Id the caller sends and replaces any other', async () => {
    const safe = await call('GET', '/api/health', { headers: { 'x-request-id': 'trace-abc_123=' } });
    expect(safe.res.headers.get('x-request-id')).toBe('trace-abc_123=');
    const unsafe = await call('GET', '/api/health', { headers: { 'x-request-id': 'x"y<z>' } });
    expect(unsafe.res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const long = await call('GET', '/api/health', { headers: { 'x-request-id': 'a'.repeat(129) } });
    expect(long.res.headers.get('x-request-id')).not.toBe('a'.repeat(129));
    expect(long.res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes every line as one JSON object with level and time', () => {
    expect(captured.lines.length).toBeGreaterThan(10);
    for (const line of captured.lines) {
      const entry = JSON.parse(line) as Entry;
      expect(typeof entry, line).toBe('object');
      expect(LEVELS, line).toContain(entry['level']);
      expect(entry['time'], line).toMatch(ISO_TIME);
      expect(typeof entry['msg'], line).toBe('string');
    }
  });

  it('has one access line per request, with its id, method, path without the query, status, time and user', () => {
    const access = captured.entries().filter((e) => e['msg'] === 'request');
    expect(access.length).toBe(answered.length);
    for (const a of answered) {
      expect(a.reqId, `${a.method} ${a.path}`).toBeTruthy();
      const mine = access.filter((e) => e['reqId'] === a.reqId);
      expect(mine, `${a.method} ${a.path}`).toHaveLength(1);
      expect(mine[0]).toMatchObject({ method: a.method, path: a.path, status: a.status, level: a.status >= 500 ? 'error' : 'info' });
      expect(typeof mine[0]!['ms']).toBe('number');
    }
    const byPath = (p: string, status: number) => access.find((e) => e['path'] === p && e['status'] === status)!;
    expect(byPath('/api/runs', 200)['user']).toBe('newcomer');
    expect(byPath('/api/sources/lgsp/run', 200)['user']).toBe('boss');
    expect(byPath('/api/sources', 401)['user']).toBeNull();
    // every line written while a request was answered carries its id
    const ids = new Set(answered.map((a) => a.reqId));
    for (const e of captured.entries().filter((x) => x['component'] === 'http')) expect(ids.has(e['reqId'] as string), JSON.stringify(e)).toBe(true);
  });

  it('gives every ingestion line its run id, and says on the run\'s first line what the download did', () => {
    const ingest = captured.entries().filter((e) => e['component'] === 'ingest');
    expect(ingest.length).toBeGreaterThanOrEqual(3);
    for (const e of ingest) expect(e['runId'], JSON.stringify(e)).toBe(1);
    const started = ingest.find((e) => e['msg'] === 'load run started')!;
    expect(started).toMatchObject({ source: 'lgsp', trigger: 'manual', pull: { pages: 1, requests: 2 } });
    expect((started['pull'] as { retried: string[] }).retried[0]).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/export\?apikey=\*\*\*&page=1&page_size=5000: HTTP 500/);
    expect(ingest.find((e) => e['msg'] === 'load run finished')).toMatchObject({ level: 'info', status: 'succeeded', received: 1, loaded: 1 });
    expect(ingest.some((e) => e['level'] === 'debug')).toBe(true); // the load's progress
    // the model build after the run
    expect(captured.entries().some((e) => e['component'] === 'models' && e['build'] === 'incremental')).toBe(true);
  });

  it('has none of the planted passwords, tokens, keys or credentials in any line', () => {
    const planted = [SOURCE_PASSWORD, SOURCE_KEY, BASIC, PASSWORD, WRONG_PASSWORD, NEW_PASSWORD, QUERY_SECRET, ...handedOut];
    expect(handedOut.every((s) => s.length >= 16)).toBe(true);
    const all = captured.lines.join('\n');
    expect(all).toContain('/api/session'); // the sign-ins are there
    for (const s of planted) expect(all.includes(s), `${s} in the log`).toBe(false);
  });
});

describe('the scheduler\'s lines', () => {
  it('name their job; a job that throws is an error line with the error', async () => {
    const captured = captureLogs('trace');
    const s = Scheduler.start([{ name: 'boom', cron: '* * * * * *', run: async () => { throw new Error('the job broke at http://u:pw-secret-1@host/x?key=k-secret-2'); } }], captured.log.child({ component: 'scheduler' }));
    try {
      await expect.poll(() => captured.entries().filter((e) => e['msg'] !== 'job started').length, { timeout: 5_000 }).toBeGreaterThan(0);
    } finally {
      await s.stop();
    }
    const failed = captured.entries().find((e) => e['level'] === 'error')!;
    expect(failed).toMatchObject({ component: 'scheduler', job: 'boom', msg: 'job failed; it runs again at its next time' });
    expect((failed['err'] as { message: string }).message).toBe('the job broke at http://host/x?key=***');
    for (const e of captured.entries()) expect(e['job']).toBe('boom');
    expect(captured.lines.join('\n')).not.toMatch(/pw-secret-1|k-secret-2/);
  });
});

describe('npm start with its output going to a file or a log collector (not a terminal)', () => {
  it('writes only JSON lines, and the demo administrator\'s password into DATA_DIR/admin-password.txt, not the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cds-logs-main-'));
    const stdout: string[] = [];
    const stderr: string[] = [];
    const server = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'main.ts')], {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], DATA_DIR: dir, PORT: '0', DEMO: '1', SIM_SCALE: '0.02', UI_DIR: join(dir, 'no-ui') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: server.stderr! }).on('line', (l) => stderr.push(l));
    const exited = new Promise<number | null>((r) => server.once('exit', r));
    try {
      const ready = new Promise<void>((resolve, reject) => {
        createInterface({ input: server.stdout! }).on('line', (l) => {
          stdout.push(l);
          if (l.includes('demo data ready')) resolve();
        });
        void exited.then((code) => reject(new Error(`the service exited (${code}):\n${[...stdout, ...stderr].join('\n')}`)));
      });
      await ready;
      const entries = stdout.map((l) => JSON.parse(l) as Entry);
      const url = entries.find((e) => String(e['msg']).startsWith('Directive 15 monitor listening on'))!['url'] as string;
      const file = join(dir, 'admin-password.txt');
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = readFileSync(file, 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(10);
      const signIn = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      expect(signIn.status).toBe(200);
      // the line of that request, then stop
      await expect.poll(() => stdout.some((l) => l.includes('"path":"/api/session"'))).toBe(true);
      server.kill('SIGTERM');
      expect(await exited).toBe(0);

      const all = stdout.map((l) => JSON.parse(l) as Entry);
      expect(all.some((e) => e['msg'] === 'created the administrator "admin"; its password is in the file (set DEMO_ADMIN_PASSWORD to choose it, or add users with npm run user)' && e['file'] === file)).toBe(true);
      for (const e of all) {
        expect(LEVELS).toContain(e['level']);
        expect(e['time']).toMatch(ISO_TIME);
        if (e['component'] === 'ingest') expect(typeof e['runId'], JSON.stringify(e)).toBe('number');
        if (e['msg'] === 'request') expect(e['reqId'], JSON.stringify(e)).toBeTruthy();
      }
      // the demo's pulls, each a run of its own
      const runs = new Set(all.filter((e) => e['msg'] === 'load run finished').map((e) => e['runId']));
      expect(runs.size).toBeGreaterThanOrEqual(3);
      expect([...stdout, ...stderr].join('\n')).not.toContain(password);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('lines written in batches (LineBatcher, standard output\'s default)', () => {
  it('writes the lines of one turn of the event loop in one write, in order, when the turn ends', async () => {
    const writes: string[] = [];
    const log = createLogger({ level: 'info', batched: true, sink: { write: (s: string) => writes.push(s) } });
    log.info({ n: 1 }, 'first');
    log.info({ n: 2 }, 'second');
    log.warn({ n: 3 }, 'third');
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as Entry)['msg'])).toEqual(['first', 'second', 'third']);
    log.info('later');
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(2);
    expect((JSON.parse(writes[1]!) as Entry)['msg']).toBe('later');
  });

  it('writes each line at once to a given sink unless asked to batch', () => {
    const writes: string[] = [];
    createLogger({ level: 'info', sink: { write: (s: string) => writes.push(s) } }).info('now');
    expect(writes).toHaveLength(1);
  });

  it('writes what a process logs just before it exits to standard output', async () => {
    const script = `import { createLogger } from ${JSON.stringify(join(repoRoot, 'log.ts'))};
const log = createLogger({ level: 'info' });
log.info('started');
log.fatal({ code: 'boom' }, 'the last line');
process.exit(3);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
    // 'close': the process has exited and its output is all read
    const code = await new Promise<number | null>((r) => child.once('close', r));
    expect(code).toBe(3);
    expect(out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as Entry)['msg'])).toEqual(['started', 'the last line']);
  }, 60_000);
});

describe('the check of the whole test run\'s log (test/run-logs.ts)', () => {
  it('finds the passwords planted in the test sources', () => {
    const planted = plantedPasswords();
    for (const p of [PASSWORD, NEW_PASSWORD, 'a long password', 'the right password']) expect(planted).toContain(p);
  });

  it('reports a line that is not JSON, lacks its ids, or holds a token or a planted password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cds-run-logs-'));
    try {
      const ok = (extra: Record<string, unknown>) => JSON.stringify({ level: 'info', time: '2026-12-06T03:14:59.485Z', msg: 'x', ...extra });
      writeFileSync(join(dir, 'a.jsonl'), [
        ok({ component: 'ingest', runId: 3 }), ok({ msg: 'request', reqId: 'r' }),
        'plain text', ok({ component: 'ingest' }), ok({ msg: 'request' }), JSON.stringify({ msg: 'no level' }),
        ok({ note: `Bearer cds_0123456789ab_${'A'.repeat(32)}` }), ok({ note: `it was ${PASSWORD}` }), '',
      ].join('\n'));
      const { lines, problems } = checkRunLogs(dir, [PASSWORD]);
      expect(lines).toBe(8);
      expect(problems.map((p) => p.split(':')[0])).toEqual([
        'not JSON', 'ingestion line without runId', 'request line without reqId', 'no level or time', 'an API token', `the planted password "${PASSWORD}"`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
