import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openNationalWarehouse } from '../national/warehouse.ts';
import { rollUp } from '../national/rollup.ts';
import { runCli } from './run.ts';

const USAGE = `Usage: npm run national -- --db <national.duckdb> --in <dir> [--in <dir>…]

Builds (or brings up to date) a national warehouse from provinces' publications (npm run
publish): every manifest's schema version and every file's SHA-256 are checked before
anything is written; a month published again replaces the one held. Serve it with
npm run serve -- --national --db <national.duckdb>. Exits 1 when a publication is refused,
2 on bad usage or when the database is held by another process (the server).`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { db: { type: 'string' }, in: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.db || !values.in?.length) {
    console.error(USAGE);
    return 2;
  }
  const db = await openNationalWarehouse(resolve(values.db));
  try {
    const started = performance.now();
    const loads = await rollUp(db, values.in);
    for (const l of loads) {
      console.log(`province ${l.province} (${l.name}), as of ${l.as_of}: ${l.loaded.length} month(s) loaded${l.unchanged.length ? `, ${l.unchanged.length} unchanged` : ''}  [${l.dir}]`);
    }
    console.log(`national warehouse ${resolve(values.db)}: ${loads.length} province(s) in ${Math.round(performance.now() - started)} ms`);
  } finally {
    db.close();
  }
  return 0;
}

runCli(() => main(process.argv.slice(2)));
