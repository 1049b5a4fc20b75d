// A crash between raising an alert and sending it loses no message and sends none twice:
// the service is SIGKILLed at exact points (the child stops dead at a step it reports and
// the test kills it there; test/helpers/alerts-child.ts) — before the evaluation, right
// after it committed, as a message is picked, once its attempt is marked and before the
// SMTP transaction begins, after a message was marked sent — fixed ones and, for several
// seeds, four random ones in a row; then started again until it finishes. The SMTP server in
// process must have received each message of the outbox exactly once.
//
// Inside the SMTP transaction no process can be exactly-once (the server may have accepted
// a message the database does not yet know was sent): the last test kills the process right
// after the server accepted a message and before the mark, and documents what happens then —
// the message is sent again, with the same Message-ID, and audited as in doubt.
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
import { mulberry32 } from '../simulator/prng.ts';

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

/** A point where the child stops dead, `<stage>:<n>`: the n-th step of that stage. */
type Halt = string;

/** Runs the child; SIGKILLs it when it halts (at `halt`). Resolves with whether it was killed and the steps it printed. */
function run(db: string, halt?: Halt): Promise<{ killed: boolean; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(...tsNode(child, [db, smtp.url, '2020-10-31', settingsJson, ...(halt ? [halt] : [])]), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(p);
    const lines: string[] = [];
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    createInterface({ input: p.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('halt ')) p.kill('SIGKILL');
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

interface Outcome {
  /** the message ids of the outbox, sorted */
  outbox: string[];
  /** the message id of each message the SMTP server received, sorted */
  received: string[];
  /** the Message-ID header of each message received */
  headers: string[];
  /** messages whose audit entry says they were sent again after a crash in flight */
  inDoubt: string[];
  /** the steps each halted run stopped at */
  halted: string[];
}

/** A fresh copy of the warehouse; runs the child halting at each point in turn (a function picks one from the steps of the runs before), then until it finishes. */
async function scenario(name: string, halts: (Halt | ((before: string[]) => Halt))[]): Promise<Outcome> {
  const db = join(dir, `${name}.duckdb`);
  copyFileSync(base, db);
  const first = smtp.messages.length;
  const halted: string[] = [];
  let lines: string[] = [];
  for (const h of halts) {
    const r = await run(db, typeof h === 'function' ? h(lines) : h);
    expect(r.killed, `${name}: halted at ${String(h)}`).toBe(true);
    halted.push(r.lines.at(-1)!.slice('halt '.length));
    lines = [...lines, ...r.lines];
  }
  let done = false;
  for (let i = 0; i < 3 && !done; i++) done = !(await run(db)).killed;
  expect(done).toBe(true);
  const received = smtp.messages.slice(first);
  const check = await Database.open(db);
  try {
    const outbox = await check.all<{ message_id: string; status: string; sending_at: string | null }>('SELECT message_id, status, sending_at::VARCHAR AS sending_at FROM outbox ORDER BY message_id');
    const audited = await check.all<{ target: string; details: string }>("SELECT target, details FROM audit_log WHERE action = 'message_sent'");
    expect(outbox).toHaveLength(EXPECTED);
    expect(outbox.every((m) => m.status === 'sent' && m.sending_at === null)).toBe(true);
    // one audit entry for each message, whatever happened
    expect(audited.map((a) => a.target).sort()).toEqual(outbox.map((m) => m.message_id));
    return {
      outbox: outbox.map((m) => m.message_id),
      received: received.map((m) => /^<([0-9a-f]{32})@/.exec(m.messageId ?? '')?.[1] ?? '').sort(),
      headers: received.map((m) => m.messageId ?? ''),
      inDoubt: audited.filter((a) => (JSON.parse(a.details) as { in_doubt?: boolean }).in_doubt).map((a) => a.target).sort(),
      halted,
    };
  } finally {
    check.close();
  }
}

/** Every message exactly once at the SMTP server; in doubt only those whose attempt was marked when the process died. */
async function exactlyOnce(name: string, halts: Parameters<typeof scenario>[1]): Promise<void> {
  const o = await scenario(name, halts);
  expect(o.received, `${name}: halted at ${o.halted.join(', ')}`).toEqual(o.outbox);
  expect(o.inDoubt, name).toEqual([...new Set(o.halted.filter((h) => h.startsWith('sending ')).map((h) => h.split(' ')[1]!))].sort());
}

/**
 * The points between raising and sending of a run: before the evaluation and after it
 * committed (only when nothing was left pending by a run before: after a restart the sender
 * resumes what was left at once, alongside the evaluation, so a message may be in flight at
 * those moments), then for each of the `pending` messages as it is picked, once its attempt is
 * marked (before the SMTP transaction) and after it was marked sent. Not "accepted": that is
 * inside the SMTP transaction's window (the last test).
 */
const pointsOf = (pending: number, evaluates: boolean): Halt[] => [
  ...(evaluates ? ['started:1', 'evaluated:1'] : []),
  ...Array.from({ length: pending }, (_, i) => ['due', 'sending', 'sent'].map((s) => `${s}:${i + 1}`)).flat(),
];

/** A random point of the run after those that printed `before`: what they did not mark sent is still to send. */
const randomPoint = (next: () => number) => (before: string[]): Halt => {
  const evaluated = before.some((l) => l.startsWith('evaluated '));
  const pending = EXPECTED - before.filter((l) => l.startsWith('sent ')).length;
  // with nothing left to send, nothing can be in flight at start-up or after the evaluation
  const points = pointsOf(pending, !evaluated || pending === 0);
  return points[Math.floor(next() * points.length)]!;
};

const SEEDS = (process.env.ALERTS_CRASH_SEEDS ?? '1,2').split(',').map(Number);

describe('a crash between raising and sending', () => {
  it('without a crash, sends each message once', async () => {
    const o = await scenario('clean', []);
    expect(o.received).toEqual(o.outbox);
    expect(o.inDoubt).toEqual([]);
  }, 60_000);
  it('killed at each kind of point in turn, restarted after each', () =>
    // before the evaluation; right after it committed; as the first message is picked; once
    // the second's attempt is marked, before its SMTP transaction; after the third was
    // marked sent (of that run: the second and third); after the last was marked sent
    exactlyOnce('chain', ['started:1', 'evaluated:1', 'due:1', 'sending:2', 'sent:2', 'sent:7']), 300_000);
  for (const seed of SEEDS) {
    it(`killed at four random points in a row between raising and sending (seed ${seed})`, () => {
      const next = mulberry32(seed);
      return exactlyOnce(`random-${seed}`, [randomPoint(next), randomPoint(next), randomPoint(next), randomPoint(next)]);
    }, 300_000);
  }
});

describe('a crash inside the SMTP transaction', () => {
  it('killed after the server accepted a message, before it was marked sent: sent again with the same Message-ID (at least once)', async () => {
    const o = await scenario('accepted', ['accepted:3']);
    const id = o.halted[0]!.split(' ')[1]!;
    // every message once, and the one in flight twice
    expect(o.received).toEqual([...o.outbox, id].sort());
    const copies = o.headers.filter((h) => h.startsWith(`<${id}@`));
    expect(copies).toHaveLength(2);
    expect(copies[0]).toBe(copies[1]);
    // the copy is known: audited as sent again after a crash in flight
    expect(o.inDoubt).toEqual([id]);
  }, 90_000);
});
