import { resolve } from 'node:path';
import { commandLine } from '../command-line.ts';
import { restoreBackup } from '../ops/restore.ts';
import { runCli } from './run.ts';

const USAGE = `Usage: npm run restore -- --from <backup.duckdb> --db <target.duckdb>

Checks the backup (its models build and their data tests pass), keeps an existing target
beside it as <target>.before-restore-<time>, and puts the backup in its place. Refuses
while another process (the server) holds the target: stop the server first.`;

const COMMAND_LINE = commandLine(USAGE, { from: { type: 'string' }, db: { type: 'string' } });

async function main(argv: string[]): Promise<number> {
  const args = COMMAND_LINE.parse(argv);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (!values.from || !values.db) return COMMAND_LINE.badUsage();
  const r = await restoreBackup(resolve(values.from), resolve(values.db));
  console.log(`restored ${values.from} into ${values.db}: ${r.documents} documents${r.movedAside ? `; the previous database is kept as ${r.movedAside}` : ''}`);
  return 0;
}

runCli(() => main(process.argv.slice(2)));
