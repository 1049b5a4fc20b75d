import { pino, type Logger as PinoLogger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { redactText } from './redact.ts';

/**
 * The service's log: one JSON object a line (pino), with `level` (a name), `time` (ISO
 * 8601, UTC) and `msg`, and the ids that tie lines together: `reqId` on every line of an
 * HTTP request, `runId` on every line of a load run, `job` on the scheduler's. Created once
 * at start-up (main.ts, the command-line tools) and passed down: on the Warehouse handle, to
 * the app and the scheduler. Nothing else writes log lines.
 *
 * No secret reaches a line: fields named like secrets are masked by pino's redaction
 * (REDACTED_PATHS), and every finished line passes through redactText (redact.ts) before it
 * is written, which strips the user info and query values of every URL in it and masks the
 * secrets the logger was given (a source's password, key and header values).
 */
export type Logger = PinoLogger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Fields masked wherever they appear in a logged object (and one level down). */
export const REDACTED_PATHS: readonly string[] = [
  'password', 'token', 'secret', 'authorization', 'cookie', 'csrfToken', 'sessionSecret', 'headers',
  '*.password', '*.token', '*.secret', '*.authorization', '*.cookie', '*.csrfToken', '*.sessionSecret', '*.headers',
];

export interface LogSink {
  write(line: string): unknown;
}

export interface LoggerOptions {
  level: LogLevel;
  /** human-readable lines (pino-pretty) instead of JSON: for a terminal (see prettyWhenTty) */
  pretty?: boolean;
  /** where the lines go: standard output unless given (tests capture them) */
  sink?: LogSink;
  /** values masked wherever they appear in a line (a source's password, key, header values) */
  secrets?: readonly string[];
  /**
   * Lines written in one batch at the end of the event loop's turn, rather than one write
   * each: the default for standard output (see LineBatcher). A given sink gets each line
   * as it is logged unless this is set.
   */
  batched?: boolean;
}

/** Pretty lines when standard output is a terminal, JSON lines for anything else (a file, a pipe, a log collector). */
export const prettyWhenTty = (): boolean => process.stdout.isTTY === true;

/**
 * Writes the lines logged in one turn of the event loop as one write, when the turn ends
 * (setImmediate), and what is left when the process exits. Standard output is written
 * synchronously when it is a file or a pipe, one system call a line: under 32 clients a
 * second of the server's main thread went on writing its access lines, about an eighth of
 * each request (bench: api section, CPU profile, 2026-12-07). A quiet server's line is
 * written in the same turn it is logged; a busy one's are written a few dozen at a time.
 */
export class LineBatcher implements LogSink {
  #pending: string[] = [];
  #scheduled = false;
  readonly #flush = () => this.flush();

  constructor(readonly sink: LogSink) {
    // what a process logs just before it exits (a fatal error) is still written
    process.once('exit', this.#flush);
  }

  write(line: string): void {
    this.#pending.push(line);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flush);
    }
  }

  flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    const text = this.#pending.length === 1 ? this.#pending[0]! : this.#pending.join('');
    this.#pending = [];
    this.sink.write(text);
  }
}

/** The stream every line of a logger and its children goes through: redacted, then written (pretty or not). */
class RedactingStream {
  #secrets: string[] = [];

  constructor(readonly sink: LogSink, readonly pretty: ((line: string) => string) | undefined) {}

  add(secrets: readonly string[]): void {
    // a secret as it appears inside a JSON string too (quotes and backslashes escaped)
    const more = secrets.filter((s) => s.length > 0).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
    this.#secrets = [...new Set([...this.#secrets, ...more])];
  }

  write(line: string): void {
    const safe = redactText(line, this.#secrets);
    this.sink.write(this.pretty ? this.pretty(safe) : safe);
  }
}

/**
 * Masks `secrets` in every line `log` (and every logger of its family) writes from now on:
 * for secrets made after the logger (the demo's source tokens).
 */
export function maskInLogs(log: Logger, secrets: readonly string[]): void {
  const stream = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  if (stream instanceof RedactingStream) stream.add(secrets);
}

export function createLogger(options: LoggerOptions): Logger {
  const out = options.sink ?? process.stdout;
  const sink = (options.batched ?? options.sink === undefined) ? new LineBatcher(out) : out;
  const pretty = options.pretty ? prettyFactory({ colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) : undefined;
  const stream = new RedactingStream(sink, pretty);
  stream.add(options.secrets ?? []);
  return pino({
    level: options.level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACTED_PATHS], censor: '***' },
    serializers: { err: pino.stdSerializers.err },
  }, stream);
}

/** A logger that writes nothing (the benchmarks, tools whose output is their own). */
export const silentLogger = (): Logger => createLogger({ level: 'silent', batched: false });

/** The log of a command-line tool: on standard error (its output is on standard output), pretty on a terminal. */
export const toolLogger = (level: LogLevel): Logger => createLogger({ level, sink: process.stderr, pretty: process.stderr.isTTY === true });
