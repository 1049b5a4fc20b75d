import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine } from './command-line.ts';
import { loadConfig, type ConfigOverrides } from './config.ts';
import { AppError } from './errors.ts';
import { createLogger, prettyWhenTty, type Logger } from './log.ts';
import { startNationalService, startService } from './service.ts';

const USAGE = `Usage:
  npm start                                   the service with the simulated demo province (data/ by default)
  npm run serve -- --db <file> [--port <n>]   an existing database, configured sources only, no demo
  npm run serve -- --national --db <file>     a national warehouse (npm run national): the provinces' figures

Environment: PORT (8787), HOST (127.0.0.1), DATA_DIR (data), DB_PATH, SETTINGS_FILE
(config/settings.json), DEMO (1/0), SIM_SCALE (1), TRUST_PROXY (off), API_REQUESTS_PER_MINUTE
(1200), FIGURE_CACHE_MB (64), LOG_LEVEL (info); see README.md.`;

const COMMAND_LINE = commandLine(USAGE, { db: { type: 'string' }, port: { type: 'string' }, 'no-demo': { type: 'boolean' }, national: { type: 'boolean' } });

/** Where the demo administrator's password goes when no one is at a terminal to read it. */
const ADMIN_PASSWORD_FILE = 'admin-password.txt';

let log: Logger | undefined;

async function main(): Promise<void> {
  const args = COMMAND_LINE.parse(process.argv.slice(2));
  if (typeof args === 'number') {
    process.exitCode = args;
    return;
  }
  const { values } = args;
  const overrides: ConfigOverrides = {};
  if (values.db) overrides.dbPath = values.db;
  if (values.port) overrides.port = Number(values.port);
  if (values['no-demo']) overrides.demo = false;
  const config = loadConfig(process.env, overrides);

  // one JSON object a line on standard output; readable lines when a person watches a terminal
  const logger = createLogger({ level: config.logLevel, pretty: prettyWhenTty() });
  log = logger;
  if (values.national) {
    const national = await startNationalService(config, logger);
    logger.info({ url: national.url, database: config.dbPath }, `Directive 15 national roll-up listening on ${national.url}`);
    tellPassword(national.createdAdminPassword, config.dataDir, logger);
    const stopNational = async (signal: string) => {
      logger.info({ signal }, 'closing the national warehouse');
      await national.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stopNational('SIGINT'));
    process.once('SIGTERM', () => void stopNational('SIGTERM'));
    return;
  }
  const service = await startService(config, logger);
  logger.info({ url: service.url, database: config.dbPath, demo: config.demo }, `Directive 15 monitor listening on ${service.url}`);
  tellPassword(service.createdAdminPassword, config.dataDir, logger);
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

/** The administrator's password a start created: to the person at the terminal, else into a file only the service's user may read. */
function tellPassword(password: string | undefined, dataDir: string, logger: Logger): void {
  if (password) {
    // a password is never a log line: to the person at the terminal, else into a file only the service's user may read
    if (process.stdout.isTTY) {
      console.log(`  created the administrator "admin" with the password: ${password}`);
      console.log('  (shown once; set DEMO_ADMIN_PASSWORD to choose it, or add users with npm run user)');
    } else {
      const file = join(dataDir, ADMIN_PASSWORD_FILE);
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, `${password}\n`, { mode: 0o600 });
      logger.info({ file }, 'created the administrator "admin"; its password is in the file (set DEMO_ADMIN_PASSWORD to choose it, or add users with npm run user)');
    }
  }
}

main().catch((err: unknown) => {
  // a bad configuration stops the service before there is a logger: said plainly
  if (log) log.fatal({ err }, 'the service stopped');
  else console.error(err instanceof AppError ? err.message : err);
  process.exit(1);
});
