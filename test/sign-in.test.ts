// Sign-in against the real server, from several client addresses (127.0.0.x, all loopback):
// the throttle under parallel guesses, the owner getting in from elsewhere, successes that
// reset nothing but their own pair, login CSRF, the trusted reverse proxy, Cache-Control,
// and the per-user request budget.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startService, type Service } from '../service.ts';
import { httpFrom, signInFrom } from './helpers/http-from.ts';
import { repoRoot } from './helpers/warehouse.ts';
import { quietLog } from './helpers/logs.ts';

let service: Service;
let dir: string;
let adminToken: string;
const PASSWORD = 'the right password';
const PROXY = '127.0.0.5';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cds-sign-in-'));
  const config = loadConfig({
    DATA_DIR: dir, PORT: '0', DEMO: '0', SETTINGS_FILE: join(repoRoot, 'config/settings.json'),
    TRUST_PROXY: PROXY, API_REQUESTS_PER_MINUTE: '60',
  });
  service = await startService(config, quietLog);
  const { store } = service.access;
  for (const name of ['victim', 'colleague', 'attacker', 'proxied-a', 'proxied-b', 'direct', 'budget-1', 'budget-2', 'admin']) {
    await store.addUser({ username: name, password: PASSWORD, role: name === 'admin' ? 'admin' : 'viewer' }, [1, 2, 3], async () => true);
  }
  adminToken = (await store.createToken('admin', 'test')).token;
}, 120_000);
afterAll(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

const audit = async () =>
  (await httpFrom(`${service.url}/api/audit?limit=500`, { headers: { authorization: `Bearer ${adminToken}` } })).json().entries as { actor: string; action: string; ip: string }[];

describe('the sign-in throttle against parallel guesses', () => {
  it('30 wrong passwords sent at once: at most 5 are checked, the rest get 429 with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => signInFrom(service.url, '127.0.0.1', 'victim', 'wrong guess')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
      expect(a.json().error.code).toBe('too_many_attempts');
    }
    expect(service.access.throttle.failures('pair', 'victim', '127.0.0.1')).toBeLessThanOrEqual(5);
  });

  it('the owner signs in from another address right away, another user from the same one too', async () => {
    const owner = await signInFrom(service.url, '127.0.0.2', 'victim', PASSWORD);
    expect(owner.status).toBe(200);
    expect(owner.json().user.username).toBe('victim');
    const other = await signInFrom(service.url, '127.0.0.1', 'colleague', PASSWORD);
    expect(other.status).toBe(200);
  });

  it('from the guessing address, the owner waits seconds, not a lock-out window', async () => {
    let a = await signInFrom(service.url, '127.0.0.1', 'victim', PASSWORD);
    if (a.status === 429) {
      const wait = Number(a.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(2);
      await new Promise((r) => setTimeout(r, wait * 1000 + 50));
      a = await signInFrom(service.url, '127.0.0.1', 'victim', PASSWORD);
    }
    expect(a.status).toBe(200);
  });

  it("a success on one's own account resets neither another name's count nor the address's", async () => {
    const from = '127.0.0.3';
    for (let i = 0; i < 4; i++) expect((await signInFrom(service.url, from, 'colleague', 'wrong')).status).toBe(401);
    expect((await signInFrom(service.url, from, 'attacker', PASSWORD)).status).toBe(200);
    expect((await signInFrom(service.url, from, 'colleague', 'wrong')).status).toBe(401); // the 5th
    expect((await signInFrom(service.url, from, 'colleague', 'wrong')).status).toBe(429);

    // many names from one address, with a success in between each four: the address's allowance holds
    const from2 = '127.0.0.4';
    let checked = 0;
    let refused = false;
    for (let round = 0; round < 12 && !refused; round++) {
      for (let k = 0; k < 4 && !refused; k++) {
        const s = (await signInFrom(service.url, from2, `nobody-${round}-${k}`, 'guess')).status;
        if (s === 401) checked++;
        else if (s === 429) refused = true;
      }
      expect((await signInFrom(service.url, from2, 'attacker', PASSWORD)).status).not.toBe(401);
    }
    expect(refused).toBe(true);
    expect(checked).toBe(service.access.throttle.limits.address);
  }, 60_000);
});

describe('login CSRF', () => {
  it('refuses a sign-in that is not JSON, or that comes from another site', async () => {
    const form = await httpFrom(`${service.url}/api/session`, {
      from: '127.0.0.6', method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ username: 'direct', password: PASSWORD }),
    });
    expect(form.status).toBe(415);
    expect(form.json().error.code).toBe('unsupported_media_type');
    const evil = await signInFrom(service.url, '127.0.0.6', 'direct', PASSWORD, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.json().error.code).toBe('cross_origin');
    expect(evil.headers['set-cookie']).toBeUndefined();
    const own = await signInFrom(service.url, '127.0.0.6', 'direct', PASSWORD, { origin: service.url });
    expect(own.status).toBe(200);
    const script = await signInFrom(service.url, '127.0.0.6', 'direct', PASSWORD); // no Origin: a script, curl
    expect(script.status).toBe(200);
  });
});

describe('behind the trusted reverse proxy (TRUST_PROXY)', () => {
  it('takes the address and scheme from the proxy, and sets Secure cookies', async () => {
    const via = await signInFrom(service.url, PROXY, 'proxied-a', PASSWORD, {
      'x-forwarded-for': '203.0.113.9, 198.51.100.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'monitor.example', origin: 'https://monitor.example',
    });
    expect(via.status).toBe(200);
    expect(String(via.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    const entry = (await audit()).find((e) => e.actor === 'proxied-a' && e.action === 'sign_in');
    // the right-most address the proxy saw; the one to its left was written by the client
    expect(entry?.ip).toBe('198.51.100.7');
  });

  it('ignores X-Forwarded-* from anyone else', async () => {
    const direct = await signInFrom(service.url, '127.0.0.7', 'proxied-b', PASSWORD, { 'x-forwarded-for': '198.51.100.99', 'x-forwarded-proto': 'https' });
    expect(direct.status).toBe(200);
    expect(String(direct.headers['set-cookie'])).not.toMatch(/Secure/i);
    const entry = (await audit()).find((e) => e.actor === 'proxied-b' && e.action === 'sign_in');
    expect(entry?.ip).toBe('127.0.0.7');
  });

  it('throttles each forwarded client on its own: a burst through the proxy does not lock out the proxy', async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, () => signInFrom(service.url, PROXY, 'proxied-b', 'wrong', { 'x-forwarded-for': '198.51.100.66' })));
    expect(burst.some((a) => a.status === 429)).toBe(true);
    const someoneElse = await signInFrom(service.url, PROXY, 'proxied-b', PASSWORD, { 'x-forwarded-for': '198.51.100.67' });
    expect(someoneElse.status).toBe(200);
  });
});

describe('answers that must not be kept', () => {
  it('sends Cache-Control: no-store on every API answer, the session and the errors too', async () => {
    const signIn = await signInFrom(service.url, '127.0.0.8', 'direct', PASSWORD);
    expect(signIn.headers['cache-control']).toBe('no-store');
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    for (const path of ['/api/session', '/api/users', '/api/audit', '/api/violations?unit=P01&period=2020-10', '/api/ranking?period=2020-10', '/api/nothing-here']) {
      const headers: Record<string, string> = path === '/api/session' ? { cookie } : { authorization: `Bearer ${adminToken}` };
      const a = await httpFrom(`${service.url}${path}`, { headers });
      expect(a.headers['cache-control'], path).toBe('no-store');
    }
  });
});

describe('the per-user request budget', () => {
  it('answers 429 with Retry-After once a user has spent it, and other users go on', async () => {
    const token = (await service.access.store.createToken('budget-1', 'budget')).token;
    const other = (await service.access.store.createToken('budget-2', 'budget')).token;
    const get = (t: string) => httpFrom(`${service.url}/api/units`, { headers: { authorization: `Bearer ${t}` } });
    // 60 a minute: a burst of 15, then one a second
    const answers = await Promise.all(Array.from({ length: 25 }, () => get(token)));
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(15);
    expect(refused.length).toBeGreaterThanOrEqual(8);
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused[0]!.json().error.code).toBe('too_many_requests');
    expect((await get(other)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await get(token)).status).toBe(200);
  });
});
