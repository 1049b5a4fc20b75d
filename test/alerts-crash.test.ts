// A crash between raising an alert and sending it, or in the middle of sending, loses no
// message and sends none twice: the service is SIGKILLed at fixed points (right after the
// evaluation committed, as the first message goes out, after the second was marked sent)
// and at random moments, then started again until it finishes; the SMTP server in process
// must have received each message of the outbox exactly once.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { addSubscription } from '../alerts/subscriptions.ts';
import type { Principal } from '../auth/store.ts';
import { AccessStore } from '../auth/store.ts';
import { Database } from '../warehouse/database.ts';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { settingsWithAlerts } from './helpers/alert-settings.ts';
import { startSmtp, type TestSmtp } from './helpers/mail.ts';
import { repoRoot, testWarehouse, tsNode } from './helpers/warehouse.ts';

const child = `${repoRoot}/test/helpers/alerts-child.ts`;
const children = new Set<ReturnType<typeof spawn>>();
const ALERTS = { rules: [{ id: 'signed-low', kind: 'rate_below', name: 'Tỉ lệ ký số dưới 90 %', metric: 'signed_rate', threshold: 0.9, level: 'district' }] };
const settings = settingsWithAlerts(ALERTS);
const settingsJson = JSON.stringify({ ...JSON.parse(readFileSync(join(repoRoot, 'config/settings.json'), 'utf8')), alerts: ALERTS });
const DISTRICTS = ['380', '381', '382', '384', '390', '391'];
// an administrator (every alert) and an inspector of team 1 (380, 381, 382, 384): 10 messages
const EXPECTED = DISTRICTS.length + 4;

let base: string;
let dir: string;
let smtp: TestSmtp;

afterAll(async () => {
  for (const p of children) p.kill('SIGKILL');
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cds-alerts-crash-'));
  smtp = await startSmtp();
  const w = await testWarehouse();
  const rows = DISTRICTS.flatMap((unit) => Array.from({ length: 4 }, (_, i) => `${unit},${unit}-${i},out,${i}/UBND,Công văn,2020-10-05,2020-10-05 08:00,normal,electronic,${i === 0},,`));
  await w.load([w.file('oct.csv', `${CANONICAL_HEADER}\n${rows.join('\n')}\n`)]);
  await buildModels(w.db);
  const store = new AccessStore(w.db);
  const admin: Principal = { username: 'dic-admin', role: 'admin', team_id: null, unit_code: null, via: 'session' };
  const inspector: Principal = { username: 'inspector-1', role: 'inspector', team_id: 1, unit_code: null, via: 'session' };
  for (const p of [admin, inspector]) await store.addUser({ username: p.username, password: 'a long enough password', role: p.role, team: p.team_id ?? undefined }, [1, 2, 3], async () => true);
  await addSubscription(w.db, settings.alerts, admin, { channel: 'email', target: 'admin@example.vn', mode: 'immediate' });
  await addSubscription(w.db, settings.alerts, inspector, { channel: 'email', target: 'to1@example.vn', mode: 'immediate' });
  await w.db.all('CHECKPOINT');
  w.db.close();
  base = join(dir, 'base.duckdb');
  copyFileSync(w.config.dbPath, base);
  rmSync(w.dir, { recursive: true, force: true });
}, 60_000);

/** Runs the child; kills it when a line matches `at` (or after `afterMs`). Resolves with whether it was killed. */
function run(db: string, kill: { at?: RegExp; nth?: number; afterMs?: number } = {}): Promise<{ killed: boolean; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(...tsNode(child, [db, smtp.url, '2020-10-31', settingsJson]), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(p);
    const lines: string[] = [];
    let stderr = '';
    let seen = 0;
    p.stderr.on('data', (d) => (stderr += d));
    createInterface({ input: p.stdout }).on('line', (line) => {
      lines.push(line);
      if (kill.at?.test(line) && ++seen === (kill.nth ?? 1)) p.kill('SIGKILL');
      if (kill.afterMs !== undefined && line === 'started') setTimeout(() => p.kill('SIGKILL'), kill.afterMs);
    });
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      children.delete(p);
      if (signal === 'SIGKILL') resolve({ killed: true, lines });
      else if (code === 0) resolve({ killed: false, lines });
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

/** A fresh copy of the warehouse; runs the child with each kill in turn, then until it finishes; checks what the SMTP server received. */
async function scenario(name: string, kills: Parameters<typeof run>[1][]): Promise<void> {
  const db = join(dir, `${name}.duckdb`);
  copyFileSync(base, db);
  const first = smtp.messages.length;
  for (const k of kills) await run(db, k);
  let done = false;
  for (let i = 0; i < 3 && !done; i++) done = !(await run(db)).killed;
  expect(done).toBe(true);
  const received = smtp.messages.slice(first);
  const check = await Database.open(db);
  try {
    const outbox = await check.all<{ message_id: string; status: string }>('SELECT message_id, status FROM outbox ORDER BY message_id');
    const audited = await check.all<{ target: string }>("SELECT target FROM audit_log WHERE action = 'message_sent'");
    expect(outbox).toHaveLength(EXPECTED);
    expect(outbox.every((m) => m.status === 'sent')).toBe(true);
    // every message exactly once at the SMTP server, and one audit entry for each
    const ids = received.map((m) => /^<([0-9a-f]{32})@/.exec(m.messageId ?? '')?.[1]).sort();
    expect(ids, name).toEqual(outbox.map((m) => m.message_id));
    expect(audited.map((a) => a.target).sort()).toEqual(outbox.map((m) => m.message_id));
  } finally {
    check.close();
  }
}

describe('a crash between raising and sending', () => {
  it('without a crash, sends each message once', () => scenario('clean', []), 60_000);
  it('killed right after the evaluation committed', () => scenario('after-raise', [{ at: /^evaluated / }]), 90_000);
  it('killed as the first message goes out', () => scenario('first-send', [{ at: /^sending / }]), 90_000);
  it('killed after the second message was marked sent', () => scenario('mid-send', [{ at: /^sent /, nth: 2 }]), 90_000);
  it('killed at random moments', async () => {
    // from the evaluation (right after 'started') to the last message: a kill anywhere in it
    for (let round = 0; round < 2; round++) await scenario(`random-${round}`, [{ afterMs: Math.floor(Math.random() * 1500) }]);
  }, 180_000);
});
