import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { AccessStore } from '../auth/store.ts';
import { LoginThrottle } from '../auth/throttle.ts';
import { Database } from '../warehouse/database.ts';
import { buildModels } from '../analytics/build.ts';
import { repoRoot, testWarehouse, tsNode, type TestWarehouse } from './helpers/warehouse.ts';
import { quietLog } from './helpers/logs.ts';

let w: TestWarehouse;
const run = (args: string[], input?: string) =>
  spawnSync(...tsNode(`${repoRoot}/cli/access.ts`, [...args, '--db', w.config.dbPath]), { cwd: repoRoot, encoding: 'utf8', input });

beforeAll(async () => {
  w = await testWarehouse();
  await buildModels(w.db);
  w.db.close();
});
afterAll(() => w.close());

describe('npm run user / npm run token', () => {
  it('adds users with the password from standard input, creates a token that works, lists and revokes it', async () => {
    const add = run(['user', 'add', 'inspector-2', '--role', 'inspector', '--team', '2'], 'a long enough password\n');
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);
    expect(run(['user', 'add', 'bad', '--role', 'inspector'], 'a long enough password').stderr).toMatch(/bound to exactly one team/);
    expect(run(['user', 'add', 'short', '--role', 'viewer'], 'short').stderr).toMatch(/at least 10 characters/);
    expect(run(['user', 'list']).stdout).toMatch(/inspector-2\tinspector\t2/);

    const created = run(['token', 'create', 'inspector-2', '--label', 'laptop']);
    expect(created.status).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^cds_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);

    const db = await Database.open(w.config.dbPath);
    try {
      const figures = new Figures(db, new FigureCache());
      const app = createApp({ version: 't', ctx: { ...w, db }, settings: w.config.settings, sources: [], runSource: async () => [], figures, log: quietLog,
        access: { store: new AccessStore(db), throttle: new LoginThrottle(), secret: 's'.repeat(32), teams: [1, 2, 3], isUnit: async () => true } });
      expect((await app.request('/api/milestones', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      db.close();
    }
    const id = token.slice(4, 16);
    expect(run(['token', 'list']).stdout).toContain(`${id}\tinspector-2\tlaptop`);
    expect(run(['token', 'revoke', id]).status).toBe(0);
    expect(run(['token', 'revoke', id]).stderr).toMatch(/no active token/);
  });

  it('adds a unit account on a fresh warehouse, before any model is built, and names an unknown unit clearly', async () => {
    const fresh = await testWarehouse();
    fresh.db.close();
    try {
      const add = (user: string, unit: string) =>
        spawnSync(...tsNode(`${repoRoot}/cli/access.ts`, ['user', 'add', user, '--role', 'unit', '--unit', unit, '--db', fresh.config.dbPath]), { cwd: repoRoot, encoding: 'utf8', input: 'a long enough password\n' });
      const ok = add('van-phong-p01', 'P01');
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toMatch(/added van-phong-p01 \(unit, unit P01\)/);
      const unknown = add('nobody', 'P99');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr.trim()).toBe('There is no unit P99 in the registry.');
    } finally {
      fresh.close();
    }
  });
});
