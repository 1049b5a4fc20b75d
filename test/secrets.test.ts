// Secrets never leave the server: an HTTP source whose URL holds a user and password and an
// API key, run against a real HTTP server that first fails (echoing the secrets in its error
// page) and then answers. Everything the service answered (as a viewer and as an admin),
// wrote to its run log, state, files and quarantine, logged, or left on disk is searched for
// the secrets.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { excerpt, redactText, redactUrl, secretsOf } from '../redact.ts';
import { startService, type Service } from '../service.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { captureLogs } from './helpers/logs.ts';
import { repoRoot } from './helpers/warehouse.ts';

const PASSWORD = 'secretpw';
const KEY = 'SECRETKEY';
const SECRETS = [PASSWORD, KEY, Buffer.from(`feeder:${PASSWORD}`).toString('base64')];

describe('the redaction helpers', () => {
  it('show a URL without user info and query values, keeping the paging', () => {
    expect(redactUrl(`https://feeder:${PASSWORD}@lgsp.example:8443/export?apikey=${KEY}&since=2020-01-01&page=2#x`))
      .toBe('https://lgsp.example:8443/export?apikey=***&since=2020-01-01&page=2');
    expect(redactText(`GET http://u:${PASSWORD}@h/x?token=${KEY}: HTTP 500.`)).toBe('GET http://h/x?token=***: HTTP 500.');
    // nothing to hide: as written (the address in a log line stays usable)
    expect(redactText('listening on http://127.0.0.1:8787')).toBe('listening on http://127.0.0.1:8787');
    // a URL inside a JSON log line ends at the escaped quote: the line stays JSON
    const line = JSON.stringify({ error: `File "http://h/export?since=2020-06-30T16:45:00Z&page=1&page_size=30&token=${KEY}" is not a register` });
    const redacted = redactText(line);
    expect(JSON.parse(redacted).error).toBe('File "http://h/export?since=2020-06-30T16%3A45%3A00Z&page=1&page_size=30&token=***" is not a register');
    expect(redactUrl('http://127.0.0.1:8787?')).toBe('http://127.0.0.1:8787?');
    expect(redactUrl('http://127.0.0.1:8787/#x')).toBe('http://127.0.0.1:8787/');
    expect(redactText(`key ${KEY} and pw ${PASSWORD}`, [KEY, PASSWORD])).toBe('key *** and pw ***');
    expect(secretsOf({ url: `http://a:${PASSWORD}@h/?apikey=${KEY}&page=1`, headers: { Authorization: 'Bearer tok-123456' } }))
      .toEqual(expect.arrayContaining([PASSWORD, KEY, 'Bearer tok-123456', 'tok-123456']));
  });

  it('cut an upstream body to a short printable excerpt', () => {
    const body = `<html><body><h1>Error</h1>\u0000\u001b[31m bad key ${KEY}\r\n${'x'.repeat(1000)}</body></html>`;
    const e = excerpt(body, [KEY]);
    expect(e.length).toBeLessThanOrEqual(200);
    expect(e).toMatch(/^Error bad key \*\*\* x+…$/);
    expect(e).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('an HTTP source with credentials in its URL', () => {
  let upstream: Server;
  let mode: 'fail' | 'ok' = 'fail';
  let authorized = 0;
  let service: Service;
  let dataDir: string;
  let confDir: string;
  // every level, so that the debug lines of the loads are searched too
  const { log, lines: logLines } = captureLogs('trace');
  const answers: { what: string; text: string }[] = [];
  let adminToken: string;
  let viewerToken: string;
  const written: string[] = [];
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const auth = req.headers.authorization ?? '';
      if (auth !== `Basic ${Buffer.from(`feeder:${PASSWORD}`).toString('base64')}` || url.searchParams.get('apikey') !== KEY) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('who are you?');
        return;
      }
      authorized++;
      if (mode === 'fail') {
        // an error page that repeats the request, secrets and all, with control characters
        res.writeHead(500, { 'content-type': 'text/html' }).end(
          `<html><body><h1>Upstream exploded</h1>\u001b[31mrequest ${req.url} by feeder:${PASSWORD} (${auth}) failed at http://feeder:${PASSWORD}@lgsp/export?apikey=${KEY}</body></html>${'z'.repeat(5000)}`);
        return;
      }
      // page 1 loads, page 2 has a row for a unit the registry lacks: quarantined, so the
      // watermark stops at page 1's resume point
      if (url.searchParams.get('page') === '1') {
        res.writeHead(200, { 'content-type': 'text/csv', 'x-record-count': '1', 'x-page-watermark': 'w-1', 'x-next-page': '2' })
          .end(`${CANONICAL_HEADER}\nP01,S1,out,1/VP,,,2020-10-01 08:00,normal,electronic,true,,\n`);
      } else {
        res.writeHead(200, { 'content-type': 'text/csv', 'x-record-count': '1', 'x-page-watermark': 'w-2', 'x-watermark': 'w-2' })
          .end(`${CANONICAL_HEADER}\nXX9,S2,out,2/VP,,,2020-10-01 08:00,normal,electronic,true,,\n`);
      }
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const port = (upstream.address() as { port: number }).port;

    confDir = mkdtempSync(join(tmpdir(), 'cds-secrets-conf-'));
    dataDir = mkdtempSync(join(tmpdir(), 'cds-secrets-data-'));
    const settings = JSON.parse(readFileSync(join(repoRoot, 'config/settings.json'), 'utf8'));
    settings.unitsFile = join(repoRoot, 'config/units.csv');
    settings.sources = [{
      id: 'lgsp', kind: 'http', format: 'csv', schedule: '0 0 1 1 *', retry: { attempts: 2, backoffMs: 5 },
      url: `http://feeder:${PASSWORD}@127.0.0.1:${port}/export?apikey=${KEY}`,
    }];
    writeFileSync(join(confDir, 'settings.json'), JSON.stringify(settings));
    // everything the process prints while the service runs
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => { written.push(String(chunk)); return (writes.out as (...a: unknown[]) => boolean)(chunk, ...rest); }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => { written.push(String(chunk)); return (writes.err as (...a: unknown[]) => boolean)(chunk, ...rest); }) as typeof process.stderr.write;
    service = await startService(loadConfig({ DATA_DIR: dataDir, PORT: '0', DEMO: '0', SETTINGS_FILE: join(confDir, 'settings.json') }), log);
    const { store } = service.access;
    await store.addUser({ username: 'boss', password: 'a long password', role: 'admin' }, [], async () => true);
    await store.addUser({ username: 'office', password: 'a long password', role: 'viewer' }, [], async () => true);
    adminToken = (await store.createToken('boss', null)).token;
    viewerToken = (await store.createToken('office', null)).token;
  }, 120_000);

  afterAll(async () => {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    await new Promise((r) => upstream?.close(r));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(confDir, { recursive: true, force: true });
  });

  const call = async (who: 'admin' | 'viewer', path: string, method = 'GET') => {
    const res = await fetch(`${service.url}${path}`, { method, headers: { authorization: `Bearer ${who === 'admin' ? adminToken : viewerToken}` } });
    const text = await res.text();
    answers.push({ what: `${who} ${method} ${path}`, text });
    return { status: res.status, body: JSON.parse(text) };
  };

  it('a failing run: the error names the request without its secrets; the excerpt of the answer is for admins only', async () => {
    const run = await call('admin', '/api/sources/lgsp/run', 'POST');
    expect(run.status).toBe(200);
    const [r] = run.body.runs;
    expect(authorized).toBeGreaterThan(0); // the credentials reached the server, as Basic auth
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/export\?apikey=\*\*\*&page=1&page_size=5000: HTTP 500 Internal Server Error \(after 2 attempts\)$/);
    expect(r.errorDetail).toMatch(/^Upstream exploded .*request \/export\?apikey=\*\*\*&page=1&page_size=5000 by \*\*\*:\*\*\* \(\*\*\*\)/);
    expect(r.errorDetail.length).toBeLessThanOrEqual(200);

    const viewerSources = (await call('viewer', '/api/sources')).body.sources[0];
    expect(viewerSources.last_error).toBe(r.error);
    expect(viewerSources).not.toHaveProperty('last_error_detail');
    expect(viewerSources.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/export$/);
    const viewerRuns = (await call('viewer', '/api/runs')).body.runs[0];
    expect(viewerRuns.error).toBe(r.error);
    expect(viewerRuns).not.toHaveProperty('error_detail');
    expect((await call('admin', '/api/sources')).body.sources[0].last_error_detail).toBe(r.errorDetail);
    expect((await call('admin', '/api/runs')).body.runs[0].error_detail).toBe(r.errorDetail);
  });

  it('a run that succeeds: pages named without the key, the watermark moves', async () => {
    mode = 'ok';
    const [r] = (await call('admin', '/api/sources/lgsp/run', 'POST')).body.runs;
    expect(r).toMatchObject({ status: 'succeeded', loaded: 1, quarantined: 1 });
    expect(r.files.map((f: { name: string }) => f.name.replace(/:\d+\//, ':PORT/'))).toEqual([
      'http://127.0.0.1:PORT/export?apikey=***&page=1&page_size=5000', 'http://127.0.0.1:PORT/export?apikey=***&page=2&page_size=5000',
    ]);
    const q = (await call('admin', '/api/quarantine')).body.rows;
    expect(q[0].file).toBe(r.files[1].name);
    await call('viewer', '/api/sources');
    await call('viewer', '/api/runs');
    await call('admin', '/api/runs');
    await call('admin', '/api/audit?limit=500');
    const state = await service.ctx.db.all<{ watermark: string }>(`SELECT watermark FROM source_state WHERE source_id = 'lgsp'`);
    expect(state[0]!.watermark).toBe('w-1');
  });

  it('no secret in any answer, table, log line, or file the service wrote', async () => {
    const tables: string[] = [];
    for (const t of ['ingest_runs', 'source_state', 'ingest_files', 'quarantine', 'audit_log']) {
      tables.push(JSON.stringify(await service.ctx.db.all(`SELECT * FROM ${t}`), (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
    }
    await service.close();
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(dataDir);
    expect(files.some((f) => f.endsWith('.duckdb'))).toBe(true);
    const everything = [
      ...answers.map((a) => [a.what, a.text] as const),
      ...tables.map((t, i) => [`table ${i}`, t] as const),
      ['log', logLines.join('\n')] as const,
      ['stdout/stderr', written.join('')] as const,
      ...files.map((f) => [f, readFileSync(f).toString('latin1')] as const),
    ];
    expect(answers.length).toBeGreaterThanOrEqual(11);
    expect(logLines.some((l) => l.includes('"msg":"load run failed"') && l.includes('HTTP 500'))).toBe(true);
    expect(logLines.some((l) => l.includes('"msg":"request"') && l.includes('/api/sources/lgsp/run'))).toBe(true);
    for (const [what, text] of everything) for (const s of SECRETS) expect(text.includes(s), `${s} in ${what}`).toBe(false);
  });
});
