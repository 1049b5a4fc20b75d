// After the whole test run (vitest's globalSetup): the log every test's service, warehouse
// and app wrote (test/helpers/logs.ts, quietLog) is read back. Each line must be one JSON
// object with level and time, each request line carry its reqId, each ingestion line its
// runId; and no line may hold an API token (cds_<id>_<secret>) or a password the tests
// planted (every `password: '…'` and `PASSWORD = '…'` of the test sources). A problem fails
// the run (exit code 1) and is printed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_LOG_DIR } from './helpers/logs.ts';
import { repoRoot } from './helpers/warehouse.ts';

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const TOKEN = /cds_[0-9a-f]{12}_[A-Za-z0-9_-]{32}/;

/** The passwords written in the test sources. */
export function plantedPasswords(): string[] {
  const out = new Set<string>();
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return ['node_modules', 'dist', 'data', 'test-output', '.git'].includes(e.name) ? [] : walk(join(dir, e.name));
    return e.name.endsWith('.ts') ? [join(dir, e.name)] : [];
  });
  for (const file of walk(repoRoot)) {
    if (!file.includes('test')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bpassword:\s*'([^']{8,})'|\b[A-Z_]*PASSWORD\s*=\s*'([^']{8,})'/g)) out.add(m[1] ?? m[2]!);
  }
  return [...out];
}

/** What is wrong with the lines of the test run's log files. */
export function checkRunLogs(dir = TEST_LOG_DIR, passwords = plantedPasswords()): { lines: number; problems: string[] } {
  const problems: string[] = [];
  let lines = 0;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line === '') continue;
      lines++;
      const where = `${name}: ${line.slice(0, 300)}`;
      let e: Record<string, unknown>;
      try {
        e = JSON.parse(line) as Record<string, unknown>;
      } catch {
        problems.push(`not JSON: ${where}`);
        continue;
      }
      if (!LEVELS.has(e['level'] as string) || typeof e['time'] !== 'string') problems.push(`no level or time: ${where}`);
      if (e['msg'] === 'request' && typeof e['reqId'] !== 'string') problems.push(`request line without reqId: ${where}`);
      if (e['component'] === 'ingest' && typeof e['runId'] !== 'number') problems.push(`ingestion line without runId: ${where}`);
      if (TOKEN.test(line)) problems.push(`an API token: ${where}`);
      for (const p of passwords) if (line.includes(p)) problems.push(`the planted password "${p}": ${where}`);
    }
  }
  return { lines, problems };
}

export default function setup(): () => void {
  rmSync(TEST_LOG_DIR, { recursive: true, force: true });
  mkdirSync(TEST_LOG_DIR, { recursive: true });
  return () => {
    const { lines, problems } = checkRunLogs();
    if (problems.length > 0) {
      console.error(`The test run's log (${TEST_LOG_DIR}, ${lines} lines) has ${problems.length} problem(s):\n  ${problems.slice(0, 50).join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log(`The test run's log: ${lines} lines, each one JSON object with level and time (requests with reqId, loads with runId), no planted password or API token.`);
    }
  };
}
