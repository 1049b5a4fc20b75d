import { parseArgs } from 'node:util';
import { loadConfig, type ConfigOverrides } from './config.ts';
import { AppError } from './errors.ts';
import { startService } from './service.ts';

const USAGE = `Usage:
  npm start                                   the service with the simulated demo province (data/ by default)
  npm run serve -- --db <file> [--port <n>]   an existing database, configured sources only, no demo

Environment: PORT (8787), HOST (127.0.0.1), DATA_DIR (data), DB_PATH, SETTINGS_FILE
(config/settings.json), DEMO (1/0), SIM_SCALE (1), TRUST_PROXY (off), API_REQUESTS_PER_MINUTE
(1200), FIGURE_CACHE_MB (64); see README.md.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      'no-demo': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const overrides: ConfigOverrides = {};
  if (values.db) overrides.dbPath = values.db;
  if (values.port) overrides.port = Number(values.port);
  if (values['no-demo']) overrides.demo = false;
  const config = loadConfig(process.env, overrides);

  const service = await startService(config);
  console.log(`Directive 15 monitor listening on ${service.url}`);
  console.log(`  database: ${config.dbPath}${config.demo ? ' (demo province: loading in the background)' : ''}`);
  if (service.createdAdminPassword) {
    console.log(`  created the administrator "admin" with the password: ${service.createdAdminPassword}`);
    console.log('  (shown once; set DEMO_ADMIN_PASSWORD to choose it, or add users with npm run user)');
  }
  if (config.demo) {
    service.ready.then((runs) => {
      const loaded = runs.reduce((n, r) => n + r.loaded + r.updated, 0);
      const failed = runs.filter((r) => r.status === 'failed').length;
      console.log(`  demo data ready: ${loaded} documents loaded or updated${failed ? `, ${failed} source run(s) failed (see /api/sources)` : ''}`);
    }, (err: Error) => console.error(`demo load failed: ${err.message}`));
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping schedules, finishing the current load, closing the database…`);
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof AppError ? err.message : err);
  process.exit(1);
});
