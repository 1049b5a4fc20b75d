import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type Logger, type LogLevel } from '../../log.ts';

/** Where the tests' services log, one file per test process; test/run-logs.ts reads them after the run. */
export const TEST_LOG_DIR = join(import.meta.dirname, '../../test-output/logs');

/**
 * The log of the services, warehouses and apps the tests make: nothing on the console
 * (tests stay quiet), every line at debug and above into test-output/logs/, which the
 * check after the whole run (test/run-logs.ts) reads: each line one JSON object with level
 * and time, each request line with its reqId, each ingestion line with its runId, and no
 * password or API token the tests planted.
 */
const testLogFile = (() => {
  mkdirSync(TEST_LOG_DIR, { recursive: true });
  return join(TEST_LOG_DIR, `test-${process.pid}.jsonl`);
})();
export const quietLog: Logger = createLogger({ level: 'debug', sink: { write: (s: string) => appendFileSync(testLogFile, s) } });

/** quietLog's lines, also kept in memory for a test to read (a service's, say). */
export function quietLogKept(): CapturedLogs {
  return captureLogs('debug', [], (s) => appendFileSync(testLogFile, s));
}

export interface CapturedLogs {
  log: Logger;
  /** every line written, as written (JSON, redacted) */
  lines: string[];
  /** the lines parsed */
  entries(): Record<string, unknown>[];
}

/**
 * A logger whose lines are kept in memory, as they would have been written, for a test to
 * read (and also handed to `alsoWrite`, when given).
 */
export function captureLogs(level: LogLevel = 'trace', secrets: readonly string[] = [], alsoWrite?: (s: string) => void): CapturedLogs {
  const lines: string[] = [];
  const log = createLogger({ level, secrets, sink: { write: (s: string) => {
    alsoWrite?.(s);
    lines.push(...s.split('\n').filter((l) => l !== ''));
  } } });
  return { log, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
