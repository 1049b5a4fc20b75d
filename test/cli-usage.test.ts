// Every command-line program answers --help, an option it does not know and a missing
// argument the same way (command-line.ts): the usage on standard output and exit 0; the
// message and the usage on standard error and exit 2; the usage on standard error and exit 2.
// None of these needs a database: each answers before it opens one.
import { describe, expect, it } from 'vitest';
import { runProgram } from './helpers/cli.ts';

const run = runProgram;

/** Each program, the first line of its usage, and arguments that leave out something it needs (main.ts needs nothing: without arguments it serves). */
const PROGRAMS: [file: string, usage: RegExp, missing: string[] | null][] = [
  ['cli/ingest.ts', /^Usage: npm run ingest -- --db/, ['--db', 'x.duckdb']],
  ['cli/access.ts', /^Usage:\n {2}npm run user -- add/, ['user', 'list']],
  ['cli/reports.ts', /^Usage:\n {2}npx tsx cli\/reports.ts monthly/, ['monthly', '--db', 'x.duckdb']],
  ['cli/restore.ts', /^Usage: npm run restore -- --from/, ['--from', 'b.duckdb']],
  ['cli/publish.ts', /^Usage: npm run publish -- --db/, ['--out', 'dir']],
  ['cli/national.ts', /^Usage: npm run national -- --db/, ['--db', 'n.duckdb']],
  ['main.ts', /^Usage:\n {2}npm start/, null],
];

describe('the command-line programs', () => {
  it.each(PROGRAMS)('%s: --help, an unknown option, a missing argument', async (file, usage, missing) => {
    const [help, bogus, short] = await Promise.all([run(file, ['--help']), run(file, ['--bogus']), missing ? run(file, missing) : null]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(usage);
    expect(help.stderr).toBe('');

    expect(bogus.status, bogus.stderr).toBe(2);
    expect(bogus.stdout).toBe('');
    const [message, ...rest] = bogus.stderr.split('\n\n');
    expect(message).toMatch(/^Unknown option '--bogus'/);
    expect(rest.join('\n\n')).toMatch(usage);

    if (short) {
      expect(short.status, short.stderr).toBe(2);
      expect(short.stdout).toBe('');
      expect(short.stderr.trimEnd()).toBe(help.stdout.trimEnd());
    }
  });

  it('npm run publish refuses a date that is not on the calendar, before it opens anything', async () => {
    const [day, month] = await Promise.all([
      run('cli/publish.ts', ['--db', 'x.duckdb', '--out', 'dir', '--as-of', '2025-02-30']),
      run('cli/publish.ts', ['--db', 'x.duckdb', '--out', 'dir', '--from', '2025-13']),
    ]);
    for (const r of [day, month]) expect(r.status, r.stderr).toBe(2);
    expect(day.stderr).toMatch(/^--as-of "2025-02-30" is not a date on the calendar\./);
    expect(month.stderr).toMatch(/^--from "2025-13" is not a month YYYY-MM\./);
  });
});
