import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDate, parseMonth } from '../analytics/period.ts';
import { commandLine } from '../command-line.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { publish } from '../national/publish.ts';
import { today } from '../time.ts';
import { Database } from '../warehouse/database.ts';
import { runCli } from './run.ts';

const USAGE = `Usage: npm run publish -- --db <file.duckdb> --out <dir> [--as-of YYYY-MM-DD] [--from YYYY-MM] [--to YYYY-MM]

Writes the province's per-unit, per-month counts and its registry as Parquet under <dir>
(counts/province=PP/year=YYYY/month=MM/, registry/province=PP/) with manifests/PP.json
(schema version, map version, as_of, SHA-256 of every file), for the national roll-up
(npm run national). The province's code and name are settings.publication's. Default: every
month with documents, as of today. Only reads the warehouse; while the server runs it owns
the file, and publishes on its own schedule (settings.publication.schedule). Exits 2 on bad
usage or when the database is held by another process.`;

const COMMAND_LINE = commandLine(USAGE, { db: { type: 'string' }, out: { type: 'string' }, 'as-of': { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } });

async function main(argv: string[]): Promise<number> {
  const args = COMMAND_LINE.parse(argv);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (!values.db || !values.out) return COMMAND_LINE.badUsage();
  // dates on the calendar (2025-02-30 and 2025-13 are not), as the API checks them
  const checks = [
    () => values['as-of'] !== undefined && parseDate(values['as-of'], '--as-of'),
    () => values.from !== undefined && parseMonth(values.from, '--from'),
    () => values.to !== undefined && parseMonth(values.to, '--to'),
  ];
  for (const check of checks) {
    try {
      check();
    } catch (err) {
      return COMMAND_LINE.badUsage((err as Error).message);
    }
  }
  const dbPath = resolve(values.db);
  if (!existsSync(dbPath)) {
    console.error(`Cannot read "${values.db}": no such file.`);
    return 1;
  }
  const config = loadConfig({ DATA_DIR: dirname(dbPath), ...process.env }, { dbPath });
  let db: Database;
  try {
    // publishing only reads: a read-only handle, which DuckDB still refuses while the server
    // (a writing process) holds the file
    db = await Database.open(dbPath, { readOnly: true });
  } catch (err) {
    if (err instanceof AppError && err.code === 'database_locked') {
      throw new AppError(409, 'database_locked', `${err.message}\nWhile the server runs, it publishes on its schedule (settings.publication.schedule, into DATA_DIR/${config.settings.publication.dir}); or stop it and run this command again.`);
    }
    throw err;
  }
  try {
    const { province, name } = config.settings.publication;
    const started = performance.now();
    const result = await publish(db, { outDir: values.out, province, provinceName: name, asOf: values['as-of'] ?? today(), from: values.from, to: values.to });
    const ms = Math.round(performance.now() - started);
    console.log(`published province ${province} (${name}) as of ${result.manifest.as_of}: ${result.months.length} month(s) ${result.months[0] ?? ''}…${result.months.at(-1) ?? ''}, ${result.rows} rows, in ${ms} ms, into ${resolve(values.out)}`);
  } finally {
    db.close();
  }
  return 0;
}

runCli(() => main(process.argv.slice(2)));
