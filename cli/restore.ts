import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { restoreBackup } from '../ops/restore.ts';
import { runCli } from './run.ts';

const USAGE = `Usage: npm run restore -- --from <backup.duckdb> --db <target.duckdb>

Checks the backup (its models build and their data tests pass), keeps an existing target
beside it as <target>.before-restore-<time>, and puts the backup in its place. Refuses
while another process (the server) holds the target: stop the server first.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || !values.from || !values.db) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const r = await restoreBackup(resolve(values.from), resolve(values.db));
  console.log(`restored ${values.from} into ${values.db}: ${r.documents} documents${r.movedAside ? `; the previous database is kept as ${r.movedAside}` : ''}`);
  return 0;
}

runCli(main);
