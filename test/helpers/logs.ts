import { createLogger, silentLogger, type Logger, type LogLevel } from '../../log.ts';

/** A logger that writes nothing: tests stay quiet. */
export const quietLog: Logger = silentLogger();

export interface CapturedLogs {
  log: Logger;
  /** every line written, as written (JSON, redacted) */
  lines: string[];
  /** the lines parsed */
  entries(): Record<string, unknown>[];
}

/** A logger whose lines are kept in memory, as they would have been written, for a test to read. */
export function captureLogs(level: LogLevel = 'trace', secrets: readonly string[] = []): CapturedLogs {
  const lines: string[] = [];
  const log = createLogger({ level, secrets, sink: { write: (s: string) => lines.push(...s.split('\n').filter((l) => l !== '')) } });
  return { log, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
