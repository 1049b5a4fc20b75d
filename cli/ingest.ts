import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { commandLine } from '../command-line.ts';
import { loadConfig } from '../config.ts';
import { buildModelsIncremental, describeBuild } from '../analytics/build.ts';
import { loadRun, type RunSummary } from '../ingest/load.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';
import { runCli } from './run.ts';
import { toolLogger } from '../log.ts';

const USAGE = `Usage: npm run ingest -- --db <file.duckdb> [--source <id>] [--mapping <name>] <export-file>...

Loads register exports (CSV, XLSX or JSON) into the warehouse, each file in its own atomic
run, and prints each run's summary. Exits 1 if any file could not be loaded, 2 on bad usage
or when another process (the server) holds the database.`;

const COMMAND_LINE = commandLine(USAGE, {
  db: { type: 'string' },
  source: { type: 'string', default: 'cli' },
  mapping: { type: 'string' },
}, { positionals: true });

async function main(argv: string[]): Promise<number> {
  const args = COMMAND_LINE.parse(argv);
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  if (!values.db || positionals.length === 0) return COMMAND_LINE.badUsage();
  const missing = positionals.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    console.error(`Cannot read ${missing.map((m) => `"${m}"`).join(', ')}: no such file.`);
    return 1;
  }
  const dbPath = resolve(values.db);
  const config = loadConfig({ DATA_DIR: dirname(dbPath), ...process.env }, { dbPath });
  const mapping = values.mapping ? config.settings.mappings[values.mapping] : undefined;
  if (values.mapping && !mapping) {
    console.error(`Unknown mapping "${values.mapping}"; settings.json defines: ${Object.keys(config.settings.mappings).join(', ') || 'none'}.`);
    return 2;
  }

  const ctx = await openWarehouse(config, toolLogger(config.logLevel));
  let failed = 0;
  let changed = false;
  try {
    for (const path of positionals) {
      const name = basename(path);
      const summary = await loadRun(ctx, {
        sourceId: values.source,
        trigger: 'cli',
        files: [{ path: resolve(path), name }],
        ...(mapping ? { mapping } : {}),
        onProgress: (m) => console.error(`  ${name}: ${m}`),
      });
      print(summary, name);
      if (summary.status === 'failed') failed++;
      else if (summary.loaded + summary.updated + summary.quarantined > 0) changed = true;
    }
    if (changed) {
      // the figures follow the data: only what these runs (and any since the last build)
      // changed, or everything when the registry, milestones or models changed since; a build
      // whose data tests fail keeps the previous figures
      try {
        console.log(describeBuild(await buildModelsIncremental(ctx.db)));
      } catch (err) {
        console.error(`The models could not be rebuilt; the previous figures stay: ${(err as Error).message}`);
        failed++;
      }
    }
  } finally {
    ctx.db.close();
  }
  return failed > 0 ? 1 : 0;
}

function print(s: RunSummary, name: string): void {
  if (s.status === 'failed') {
    console.log(`run ${s.runId}  ${name}: FAILED: ${s.error}`);
    return;
  }
  console.log(
    `run ${s.runId}  ${name}: received ${s.received}, loaded ${s.loaded}, updated ${s.updated}, unchanged ${s.unchanged}, quarantined ${s.quarantined}`,
  );
}

runCli(() => main(process.argv.slice(2)));
