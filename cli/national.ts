import { resolve } from 'node:path';
import { commandLine } from '../command-line.ts';
import { openNationalWarehouse } from '../national/warehouse.ts';
import { rollUp } from '../national/rollup.ts';
import { runCli } from './run.ts';

const USAGE = `Usage: npm run national -- --db <national.duckdb> --in <dir> [--in <dir>…] [--accept-map-change <province>…]

Builds (or brings up to date) a national warehouse from provinces' publications (npm run
publish): every manifest's schema version and every file's SHA-256 are checked before
anything is written; a month published again replaces the one held. A publication under
the code of a province held with another name or map (registry) is refused, as another
province's counts under a wrong code would replace the held ones: --accept-map-change
<code> accepts it when the province's map really changed. Serve it with
npm run serve -- --national --db <national.duckdb>. Exits 1 when a publication is refused,
2 on bad usage or when the database is held by another process (the server).`;

const COMMAND_LINE = commandLine(USAGE, { db: { type: 'string' }, in: { type: 'string', multiple: true }, 'accept-map-change': { type: 'string', multiple: true } });

async function main(argv: string[]): Promise<number> {
  const args = COMMAND_LINE.parse(argv);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (!values.db || !values.in?.length) return COMMAND_LINE.badUsage();
  const db = await openNationalWarehouse(resolve(values.db));
  try {
    const started = performance.now();
    const loads = await rollUp(db, values.in, { acceptMapChange: values['accept-map-change'] ?? [] });
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
