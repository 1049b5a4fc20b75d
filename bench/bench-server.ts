/**
 * The real server (`npm run serve`, i.e. main.ts --no-demo) in a process of its own, over a
 * prepared warehouse, with a folder source to drop exports into and API tokens for a viewer
 * and an admin. Used by the api and server sections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AccessStore } from '../auth/store.ts';
import { loadSettings } from '../config.ts';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.ts';
import { repoRoot } from './generate.ts';
import { silentLogger } from '../log.ts';

export interface BenchServer {
  url: string;
  pid: number;
  /** a viewer's API token */
  token: string;
  /** an admin's API token (to run sources) */
  adminToken: string;
  /** where dropped exports are picked up by the source `bench-drop` */
  inbox: string;
  /** the last 20,000 characters of the server's log (its stdout: pino's JSON lines) and of its stderr */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Prepares `dir/cds.duckdb` (settings, reference data, `prepare` — e.g. a load —, two
 * users with tokens), then starts the server on it and resolves once it listens (after
 * its start-up model build).
 */
export async function startBenchServer(dir: string, prepare: (wh: Warehouse) => Promise<void> = async () => undefined, env: Record<string, string> = {}): Promise<BenchServer> {
  const settings = JSON.parse(readFileSync(join(repoRoot, 'config/settings.json'), 'utf8'));
  settings.unitsFile = join(repoRoot, 'config/units.csv');
  const inbox = join(dir, 'inbox');
  settings.sources = [{ id: 'bench-drop', kind: 'folder', path: inbox, schedule: '0 0 1 1 *' }];
  const settingsFile = join(dir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify(settings));
  const dbPath = join(dir, 'cds.duckdb');
  const wh = await openWarehouse({ dbPath, dataDir: dir, unitsFile: settings.unitsFile, settings: loadSettings(settingsFile) }, silentLogger());
  let token: string;
  let adminToken: string;
  try {
    await prepare(wh);
    const store = new AccessStore(wh.db);
    await store.addUser({ username: 'bench', password: 'bench-password-123', role: 'viewer' }, [], async () => true);
    token = (await store.createToken('bench', 'bench')).token;
    await store.addUser({ username: 'bench-admin', password: 'bench-password-123', role: 'admin' }, [], async () => true);
    adminToken = (await store.createToken('bench-admin', 'bench')).token;
  } finally {
    wh.db.close();
  }

  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'main.ts'), '--no-demo', '--db', dbPath, '--port', '0'], {
    // the load test is one user's token at 32 clients, thousands of requests a second: its
    // budget is raised far above that (the budget is still checked on every request)
    cwd: repoRoot, env: { ...process.env, DATA_DIR: dir, SETTINGS_FILE: settingsFile, PORT: '0', API_REQUESTS_PER_MINUTE: '100000000', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  server.stderr!.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-20_000); });
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout! }).on('line', (l) => {
        stdout = `${stdout}${l}\n`.slice(-20_000);
        const m = /listening on (http:\/\/[^\s"]+)/.exec(l);
        if (m) resolve(m[1]!);
      });
      server.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${stderr.slice(-2000)}`)));
    });
    return { url, pid: server.pid!, token, adminToken, inbox, log: () => `${stdout}${stderr}`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
