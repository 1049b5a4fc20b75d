import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { commandLine } from './command-line.ts';

const USAGE = 'Usage: npm run tool -- --db <file> [--limit N] [--dry-run] <file>...';

describe('commandLine (the arguments of cli/*.ts and main.ts)', () => {
  let out: MockInstance<typeof console.log>;
  let err: MockInstance<typeof console.error>;
  const printed = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map((c) => c.join(' ')).join('\n');
  beforeEach(() => {
    out = vi.spyOn(console, 'log').mockImplementation(() => {});
    err = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  const tool = commandLine(USAGE, { db: { type: 'string' }, limit: { type: 'string', default: '10' }, 'dry-run': { type: 'boolean' }, in: { type: 'string', multiple: true } }, { positionals: true });
  const plain = commandLine(USAGE, { db: { type: 'string' } });

  it('gives the options and the arguments, with their defaults, and prints nothing', () => {
    const args = tool.parse(['--db', 'w.duckdb', 'a.csv', '--dry-run', '--in', 'x', '--in=y', 'b.csv']);
    expect(args).toEqual({ values: { db: 'w.duckdb', limit: '10', 'dry-run': true, in: ['x', 'y'] }, positionals: ['a.csv', 'b.csv'] });
    expect(typeof args !== 'number' && args.values.help).toBeFalsy();
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
  });

  it('prints the usage on standard output for --help or -h, and says exit 0, whatever else is given', () => {
    for (const argv of [['--help'], ['-h'], ['--db', 'w.duckdb', '--help', 'a.csv']]) {
      out.mockClear();
      expect(tool.parse(argv), argv.join(' ')).toBe(0);
      expect(printed(out)).toBe(USAGE);
    }
    expect(err).not.toHaveBeenCalled();
  });

  it('prints what it did not understand, then the usage, on standard error, and says exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['--db', 'w.duckdb', '--bogus'], /Unknown option '--bogus'/],
      [['--db'], /Option '--db <value>' argument missing/],
      [['--dry-run=yes'], /Option '--dry-run' does not take an argument/],
      [['--help', '--bogus'], /Unknown option '--bogus'/], // nothing is printed for --help when the line is not understood
    ];
    for (const [argv, message] of cases) {
      err.mockClear();
      expect(tool.parse(argv), argv.join(' ')).toBe(2);
      const text = printed(err);
      expect(text).toMatch(message);
      expect(text.endsWith(`\n\n${USAGE}`), text).toBe(true);
    }
    err.mockClear();
    expect(plain.parse(['--db', 'w.duckdb', 'extra'])).toBe(2);
    expect(printed(err)).toMatch(/^Unexpected argument 'extra'.*\n\nUsage:/s);
    expect(out).not.toHaveBeenCalled();
  });

  it('badUsage prints the usage alone, or after a message, on standard error, and says exit 2', () => {
    expect(plain.badUsage()).toBe(2);
    expect(plain.badUsage('--db is needed.')).toBe(2);
    expect(err.mock.calls).toEqual([[USAGE], [`--db is needed.\n\n${USAGE}`]]);
    expect(plain.usage).toBe(USAGE);
    expect(out).not.toHaveBeenCalled();
  });
});
