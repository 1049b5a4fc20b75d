import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANONICAL_HEADER } from './helpers/exports.ts';
import { repoRoot, testWarehouse, tsNode, type TestWarehouse } from './helpers/warehouse.ts';

const cli = (args: string[]) => spawnSync(...tsNode(`${repoRoot}/cli/ingest.ts`, args), { cwd: repoRoot, encoding: 'utf8' });

describe('npm run ingest', () => {
  let w: TestWarehouse;
  beforeEach(async () => {
    w = await testWarehouse();
    w.db.close();
  });
  afterEach(() => w.close());

  it('loads files once, prints each run, and exits non-zero when a file cannot be read', () => {
    const good = w.file('good.csv', `${CANONICAL_HEADER}\nP01,A1,out,,,,2020-06-01 08:00,normal,electronic,true,,\nXX,A2,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`);
    const bad = w.file('bad.csv', 'hello,world\n1,2\n');
    const first = cli(['--db', w.config.dbPath, good, bad]);
    expect(first.status).toBe(1);
    expect(first.stdout).toMatch(/run 1 {2}good\.csv: received 2, loaded 1, updated 0, unchanged 0, quarantined 1/);
    expect(first.stdout).toMatch(/run 2 {2}bad\.csv: FAILED: File "bad\.csv" is not a document register export/);
    const again = cli(['--db', w.config.dbPath, good]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/run 3 {2}good\.csv: received 2, loaded 0, updated 0, unchanged 1, quarantined 1/);
  });

  it('says which file is missing', () => {
    const r = cli(['--db', w.config.dbPath, `${w.dir}/nope.csv`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('nope.csv');
  });

  it('refuses clearly, and writes nothing, while another process holds the database', async () => {
    const holder = spawn(...tsNode(`${repoRoot}/test/helpers/hold-db.ts`, [w.config.dbPath]), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => createInterface({ input: holder.stdout }).on('line', (l) => l === 'holding' && resolve()));
      const good = w.file('good.csv', `${CANONICAL_HEADER}\nP01,A1,out,,,,2020-06-01 08:00,normal,electronic,true,,\n`);
      const r = cli(['--db', w.config.dbPath, good]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/is in use by another process .*PID \d+/);
      expect(r.stdout).toBe('');
    } finally {
      holder.kill('SIGTERM');
      await new Promise((r) => holder.on('exit', r));
    }
  });
});
