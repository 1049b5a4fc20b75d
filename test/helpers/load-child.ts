// Runs one load in a child process so a test can kill it mid-way:
//   tsx test/helpers/load-child.ts <db> <export-file>
// Prints each progress step on its own line, then "done <json summary>".
import { basename, dirname } from 'node:path';
import { loadSettings } from '../../config.ts';
import { loadRun } from '../../ingest/load.ts';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { repoRoot } from './warehouse.ts';
import { silentLogger } from '../../log.ts';

const [dbPath, file] = process.argv.slice(2) as [string, string];
const ctx = await openWarehouse({
  dbPath,
  dataDir: dirname(dbPath),
  unitsFile: `${repoRoot}/config/units.csv`,
  settings: loadSettings(`${repoRoot}/config/settings.json`),
}, silentLogger());
const summary = await loadRun(ctx, {
  sourceId: 'child',
  trigger: 'test',
  files: [{ path: file, name: basename(file) }],
  onProgress: (m) => console.log(`progress ${m}`),
});
ctx.db.close();
console.log(`done ${JSON.stringify(summary)}`);
