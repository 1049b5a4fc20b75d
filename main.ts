import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type ConfigOverrides } from './config.ts';
import { AppError } from './errors.ts';
import { createLogger, prettyWhenTty, type Logger } from './log.ts';
import { startService } from './service.ts';

const USAGE = `Usage:
  npm start                                   the service with the simulated demo province (data/ by default)
  npm run serve -- --db <file> [--port <n>]   an existing database, configured sources only, no demo

Environment: PORT (8787), HOST (127.0.0.1), DATA_DIR (data), DB_PATH, SETTINGS_FILE
(config/settings.json), DEMO (1/0), SIM_SCALE (1), TRUST_PROXY (off), API_REQUESTS_PER_MINUTE
(1200), FIGURE_CACHE_MB (64), LOG_LEVEL (info); see README.md.`;

/** Where the demo administrator's password goes when no one is at a terminal to read it. */
const ADMIN_PASSWORD_FILE = 'admin-password.txt';

let log: Logger | undefined;

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

  // one JSON object a line on standard output; readable lines when a person watches a terminal
  const logger = createLogger({ level: config.logLevel, pretty: prettyWhenTty() });
  log = logger;
  const service = await startService(config, logger);
  logger.info({ url: service.url, database: config.dbPath, demo: config.demo }, `Directive 15 monitor listening on ${service.url}`);
  if (service.createdAdminPassword) {
    // a password is never a log line: to the person at the terminal, else into a file only the service's user may read
    if (process.stdout.isTTY) {
      console.log(`  created the administrator "admin" with the password: ${service.createdAdminPassword}`);
      console.log('  (shown once; set DEMO_ADMIN_PASSWORD to choose it, or add users with npm run user)');
    } else {
      const file = join(config.dataDir, ADMIN_PASSWORD_FILE);
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, `${service.createdAdminPassword}\n`, { mode: 0o600 });
      logger.info({ file }, 'created the administrator "admin"; its password is in the file (set DEMO_ADMIN_PASSWORD to choose it, or add users with npm run user)');
    }
  }
  if (config.demo) {
    service.ready.then((runs) => {
      const loaded = runs.reduce((n, r) => n + r.loaded + r.updated, 0);
      const failed = runs.filter((r) => r.status === 'failed').length;
      logger.info({ loaded, failed }, `demo data ready: ${loaded} documents loaded or updated${failed ? `, ${failed} source run(s) failed (see /api/sources)` : ''}`);
    }, (err: Error) => logger.error({ err }, 'demo load failed'));
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping schedules, finishing the current load, closing the database');
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  // a bad configuration stops the service before there is a logger: said plainly
  if (log) log.fatal({ err }, 'the service stopped');
  else console.error(err instanceof AppError ? err.message : err);
  process.exit(1);
});
