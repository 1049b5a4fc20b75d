import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../warehouse/database.ts';
import { writeSyntheticCsv } from './helpers/exports.ts';
import { repoRoot, testWarehouse, tsNode, type TestWarehouse } from './helpers/warehouse.ts';

const child = `${repoRoot}/test/helpers/load-child.ts`;

const children = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  // a test that timed out must not leave its load running (it would hold the file and the CPU)
  for (const p of children) p.kill('SIGKILL');
});

/** Starts a load in a child process and SIGKILLs it when it prints a line matching `at`. */
function loadAndKill(db: string, file: string, at: RegExp, delayMs: number): Promise<{ killed: boolean; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(...tsNode(child, [db, file]), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(p);
    p.on('exit', () => children.delete(p));
    const lines: string[] = [];
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    createInterface({ input: p.stdout }).on('line', (line) => {
      lines.push(line);
      if (at.test(line)) setTimeout(() => p.kill('SIGKILL'), delayMs);
    });
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, lines });
      else if (code === 0) resolve({ killed: false, lines });
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

async function snapshot(path: string) {
  const db = await Database.open(path);
  try {
    return await db.all(`
      SELECT (SELECT count(*)::INTEGER FROM documents) AS documents,
             (SELECT count(*) FILTER (WHERE completed_time IS NOT NULL)::INTEGER FROM documents) AS completed,
             (SELECT coalesce(sum(hash(unit_code, doc_id, completed_time, run_id)), 0)::VARCHAR FROM documents) AS fingerprint,
             (SELECT count(*)::INTEGER FROM ingest_runs) AS runs,
             (SELECT count(*)::INTEGER FROM quarantine) AS quarantined,
             (SELECT count(*)::INTEGER FROM document_history) AS history`);
  } finally {
    db.close();
  }
}

describe('a load killed with SIGKILL', () => {
  let w: TestWarehouse;
  let dbPath: string;
  const rows = 600_000;

  beforeAll(async () => {
    w = await testWarehouse();
    dbPath = w.config.dbPath;
    await writeSyntheticCsv(`${w.dir}/first.csv`, rows, 0);
    await writeSyntheticCsv(`${w.dir}/second.csv`, rows, 1);
    // the warehouse already holds one clean load when the killed ones start
    expect(await w.load([`${w.dir}/first.csv`])).toMatchObject({ status: 'succeeded', loaded: rows });
    w.db.close();
  }, 180_000);
  afterAll(() => w.close());

  for (const [step, at, delay] of [
    ['while reading and typing the rows', /^progress reading/, 150],
    ['while merging', /^progress merging/, 50],
    ['late in the merge', /^progress merging/, 400],
  ] as const) {
    it(`leaves the database openable and unchanged when killed ${step}`, async () => {
      const before = await snapshot(dbPath);
      const { killed, lines } = await loadAndKill(dbPath, `${w.dir}/second.csv`, at, delay);
      // if the machine was fast enough to finish, the test proves nothing: fail loudly
      expect(killed, `the load finished before the kill: ${lines.join(' | ')}`).toBe(true);
      expect(await snapshot(dbPath)).toEqual(before);
    }, 120_000);
  }

  it('leaves the database openable and unchanged by the load when killed at random moments', async () => {
    // seeded, so a failing moment can be replayed
    let seed = 20200522;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 4; i++) {
      const delay = Math.round(100 + random() * 3000);
      const before = await snapshot(dbPath);
      const { killed, lines } = await loadAndKill(dbPath, `${w.dir}/second.csv`, /^progress reading/, delay);
      const after = await snapshot(dbPath);
      if (killed) expect(after, `killed ${delay} ms into the load`).toEqual(before);
      // a load that finished before its kill must have committed whole
      else expect(lines.at(-1)).toMatch(/^done .*"status":"succeeded"/);
    }
  }, 180_000);

  it('gives, when run again after the kills, the same result as one clean load', async () => {
    const { killed, lines } = await loadAndKill(dbPath, `${w.dir}/second.csv`, /^never$/, 0);
    expect(killed).toBe(false);
    const summary = JSON.parse(lines.at(-1)!.replace(/^done /, ''));
    expect(summary).toMatchObject({ status: 'succeeded', received: rows, loaded: 0 });
    // the random kills may have let one load of the second file finish before this one
    expect([rows / 2, 0]).toContain(summary.updated);

    const clean = await testWarehouse();
    try {
      await clean.load([`${w.dir}/first.csv`]);
      await clean.load([`${w.dir}/second.csv`]);
      const cleanPath = clean.config.dbPath;
      clean.db.close();
      const a = await snapshot(dbPath);
      const b = await snapshot(cleanPath);
      // run ids differ by design (the killed runs left no trace), so compare the documents' content
      expect({ ...a, fingerprint: undefined }).toEqual({ ...b, fingerprint: undefined });
      const contentOf = async (p: string) => {
        const db = await Database.open(p);
        try {
          return await db.all(`SELECT sum(hash(unit_code, doc_id, direction, event_time, channel, signed, deadline, completed_time))::VARCHAR AS h FROM documents`);
        } finally {
          db.close();
        }
      };
      expect(await contentOf(dbPath)).toEqual(await contentOf(cleanPath));
    } finally {
      clean.close();
    }
  }, 180_000);
});
