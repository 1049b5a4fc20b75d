import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './generate.ts';

export interface MachineInfo {
  os: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
  node: string;
  duckdb: string;
  duckdbNodeApi: string;
  /** 1-, 5- and 15-minute load averages when the run started: how busy the machine already was */
  loadAverageAtStart: number[];
}

export interface GitInfo {
  commit: string | null;
  /** tracked files with uncommitted changes, and untracked files, when the run started */
  modifiedFiles: number;
  untrackedFiles: number;
}

export async function machineInfo(): Promise<MachineInfo> {
  const cpu = cpus();
  let duckdb = 'unknown';
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const conn = await instance.connect();
    const row = (await conn.runAndReadAll('SELECT library_version, source_id FROM pragma_version()')).getRowObjectsJS()[0];
    duckdb = `${String(row?.['library_version'])} (${String(row?.['source_id'])})`;
    conn.closeSync();
  } finally {
    instance.closeSync();
  }
  let duckdbNodeApi = 'unknown';
  try {
    duckdbNodeApi = (JSON.parse(readFileSync(join(repoRoot, 'node_modules/@duckdb/node-api/package.json'), 'utf8')) as { version: string }).version;
  } catch { /* not installed where expected */ }
  return {
    os: `${type()} ${release()} (${platform()}/${arch()})`,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cpuCount: cpu.length,
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    duckdb,
    duckdbNodeApi,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export function gitInfo(): GitInfo {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const commit = git('rev-parse', 'HEAD').trim();
    const status = git('status', '--porcelain').split('\n').filter((l) => l.trim() !== '');
    return {
      commit,
      modifiedFiles: status.filter((l) => !l.startsWith('??')).length,
      untrackedFiles: status.filter((l) => l.startsWith('??')).length,
    };
  } catch {
    return { commit: null, modifiedFiles: 0, untrackedFiles: 0 };
  }
}
