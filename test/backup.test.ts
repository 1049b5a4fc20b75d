import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/build.ts';
import { Database } from '../warehouse/database.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';
import { FigureCache } from '../analytics/figure-cache.ts';
import { Figures } from '../analytics/figures.ts';
import { parsePeriod } from '../analytics/period.ts';
import { createApp } from '../app.ts';
import { AccessStore } from '../auth/store.ts';
import { LoginThrottle } from '../auth/throttle.ts';
import { backupNow, listBackups } from '../ops/backup.ts';
import { backupRoutes } from '../ops/routes.ts';
import { writeSyntheticCsv } from './helpers/exports.ts';
import { repoRoot, testWarehouse, tsNode, type TestWarehouse } from './helpers/warehouse.ts';
import { quietLog } from './helpers/logs.ts';

let w: TestWarehouse;
const restore = (from: string, db: string) =>
  spawnSync(...tsNode(`${repoRoot}/cli/restore.ts`, ['--from', from, '--db', db]), { cwd: repoRoot, encoding: 'utf8' });

/** Every figure a user could ask for, on one database. */
async function figuresOf(path: string) {
  const db = await Database.open(path);
  try {
    const f = new Figures(db, new FigureCache());
    const scope = { period: parsePeriod('2020-08'), asOf: '2021-01-01', includeBaseline: false };
    return {
      ranking: await f.ranking(parsePeriod('2020-08'), '2021-01-01'),
      units: await f.ratesByUnit(scope, {}),
      province: await f.ratesOfArea(scope, '38'),
      milestones: await f.milestones('2021-01-01'),
      tables: await db.all(`SELECT (SELECT count(*) FROM documents)::INTEGER AS documents, (SELECT count(*) FROM ingest_runs)::INTEGER AS runs,
                                   (SELECT count(*) FROM quarantine)::INTEGER AS quarantined, (SELECT count(*) FROM users)::INTEGER AS users`),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  w = await testWarehouse();
  await writeSyntheticCsv(`${w.dir}/a.csv`, 20_000);
  await w.load([`${w.dir}/a.csv`, w.file('bad.csv', 'unit_code,doc_id,direction,event_time,security,channel,signed,deadline,completed_time\nXX,1,out,2020-08-01,normal,paper,false,,\n')]);
  await new AccessStore(w.db).addUser({ username: 'admin', password: 'a long password', role: 'admin' }, [1, 2, 3], async () => true);
  await buildModels(w.db);
}, 60_000);
afterAll(() => w.close());

describe('backups', () => {
  it('keeps the newest N, each whole', async () => {
    const dir = `${w.dir}/backups`;
    for (const [i, day] of ['2026-01-01', '2026-01-02', '2026-01-03'].entries()) {
      await backupNow(w, dir, 2, new Date(`${day}T02:30:0${i}Z`));
    }
    const kept = await listBackups(dir);
    expect(kept.map((b) => b.created_at)).toEqual(['2026-01-03T02:30:02Z', '2026-01-02T02:30:01Z']);
    expect(kept.every((b) => b.bytes > 0 && !b.file.endsWith('.partial'))).toBe(true);
  });

  it('restores into a new file with the same figures, documents, run log and users', async () => {
    const [latest] = await listBackups(`${w.dir}/backups`);
    const target = `${w.dir}/restored.duckdb`;
    const r = restore(latest!.file, target);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/restored .* 20000 documents/);
    w.db.close();
    const original = await figuresOf(w.config.dbPath);
    const restored = await figuresOf(target);
    expect(restored).toEqual(original);
    expect(original.ranking.some((d) => d.rank !== null)).toBe(true);
    expect(original.tables).toEqual([{ documents: 20_000, runs: 1, quarantined: 1, users: 1 }]);
  });

  it('restores a backup of the version before: checked migrated, and migrated when the service opens it', async () => {
    const [latest] = await listBackups(`${w.dir}/backups`);
    // the backup as the version before migrations 024 and 025 wrote it (no documents.key_hash)
    const older = `${w.dir}/older-backup.duckdb`;
    copyFileSync(latest!.file, older);
    const db = await Database.open(older);
    try {
      await db.all(`BEGIN TRANSACTION;
        ALTER TABLE documents DROP COLUMN key_hash;
        DROP TABLE key_hash_refreshes;
        DELETE FROM schema_migrations WHERE version IN ('024-document-key-hash.sql', '025-document-key-hash-not-null.sql');
        COMMIT`);
    } finally {
      db.close();
    }
    const target = `${w.dir}/restored-older.duckdb`;
    const r = restore(older, target);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/restored .* 20000 documents/);
    const opened = await openWarehouse({ ...w.config, dbPath: target }, quietLog);
    try {
      expect(await opened.db.all(`SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE key_hash = hash(unit_code, doc_id))::INTEGER AS hashed FROM documents`)).toEqual([{ n: 20_000, hashed: 20_000 }]);
    } finally {
      opened.db.close();
    }
  });

  it('keeps an existing target aside, and refuses one held by another process', async () => {
    const [latest] = await listBackups(`${w.dir}/backups`);
    const target = `${w.dir}/restored.duckdb`;
    const again = restore(latest!.file, target);
    expect(again.status).toBe(0);
    const aside = /kept as (\S+)/.exec(again.stdout)?.[1];
    expect(aside && existsSync(aside)).toBe(true);

    const holder = spawn(...tsNode(`${repoRoot}/test/helpers/hold-db.ts`, [target]), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => createInterface({ input: holder.stdout }).on('line', (l) => l === 'holding' && resolve()));
      const refused = restore(latest!.file, target);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/in use by another process/);
    } finally {
      holder.kill('SIGTERM');
      await new Promise((r) => holder.on('exit', r));
    }
  });

  it('lets an administrator, and nobody else, take a backup through the API', async () => {
    const db = await Database.open(w.config.dbPath);
    try {
      const store = new AccessStore(db);
      const admin = (await store.createToken('admin', null)).token;
      await store.addUser({ username: 'viewer', password: 'a long password', role: 'viewer' }, [1], async () => true);
      const viewer = (await store.createToken('viewer', null)).token;
      const ctx = { ...w, db };
      const app = createApp({ version: 't', ctx, settings: w.config.settings, sources: [], runSource: async () => [], figures: new Figures(db, new FigureCache()), log: quietLog,
        access: { store, throttle: new LoginThrottle(), secret: 's'.repeat(32), teams: [1], isUnit: async () => true },
        extraRoutes: [backupRoutes(ctx, `${w.dir}/api-backups`, 3)] });
      expect((await app.request('/api/backups', { method: 'POST', headers: { authorization: `Bearer ${viewer}` } })).status).toBe(403);
      const made = await app.request('/api/backups', { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
      expect(made.status).toBe(201);
      const list = await (await app.request('/api/backups', { headers: { authorization: `Bearer ${admin}` } })).json();
      expect(list.backups).toHaveLength(1);
      const audit = await db.all<{ action: string }>(`SELECT action FROM audit_log WHERE action = 'backup'`);
      expect(audit).toHaveLength(1);
    } finally {
      db.close();
    }
  });
});
