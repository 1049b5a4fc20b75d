import { serve, type ServerType } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { createApp, createNationalApp } from './app.ts';
import { buildModels, buildModelsIncremental, describeBuild } from './analytics/build.ts';
import { FigureCache } from './analytics/figure-cache.ts';
import { Figures } from './analytics/figures.ts';
import type { Config, SourceConfig } from './config.ts';
import { startDemo, type Demo } from './simulator/demo.ts';
import { warmDocuments, type RunSummary } from './ingest/load.ts';
import { Scheduler } from './ingest/scheduler.ts';
import { runSource } from './ingest/sources/run-source.ts';
import { openWarehouse, type Warehouse } from './warehouse/warehouse.ts';
import { isAbsolute, join } from 'node:path';
import { backupNow } from './ops/backup.ts';
import { backupRoutes } from './ops/routes.ts';
import { assertDocumentScope } from './auth/middleware.ts';
import { listSources } from './ingest/queries.ts';
import type { ReportDeps } from './reports/deps.ts';
import { reportJobs } from './reports/jobs.ts';
import { reportRoutes } from './reports/routes.ts';
import { sessionKey } from './auth/session-key.ts';
import { AccessStore } from './auth/store.ts';
import { HashingGate, LoginThrottle } from './auth/throttle.ts';
import { RequestBudget } from './auth/budget.ts';
import { randomPassword } from './auth/password.ts';
import type { AuthDeps } from './auth/routes.ts';
import { maskInLogs, type Logger } from './log.ts';
import { secretsOf } from './redact.ts';
import { startAlerts, type Alerts } from './alerts/service.ts';
import { demoAlerts } from './alerts/demo.ts';
import { coalesced } from './alerts/after-builds.ts';
import { checkpointIfLogOver } from './warehouse/checkpoint.ts';
import { publish } from './national/publish.ts';
import { NationalFigures } from './national/figures.ts';
import { nationalRoutes } from './national/routes.ts';
import { openNationalWarehouse } from './national/warehouse.ts';
import type { Database } from './warehouse/database.ts';
import { today } from './time.ts';

export interface Service {
  url: string;
  ctx: Warehouse;
  sources: readonly SourceConfig[];
  scheduler: Scheduler;
  demo: Demo | undefined;
  /** resolves when the demo's first pull of every source has finished */
  ready: Promise<RunSummary[]>;
  figures: Figures;
  access: AuthDeps;
  /** rules, alerts, subscriptions and the outbox's sender */
  alerts: Alerts;
  /** the demo administrator's password when this start created it (printed once) */
  createdAdminPassword: string | undefined;
  /** rebuilds every model from all documents (under the write lock) and drops cached figures */
  rebuild(): Promise<void>;
  /** resolves when what runs in the background after builds (the alert rules' evaluation, the checkpoint) has finished */
  afterBuilds(): Promise<void>;
  close(): Promise<void>;
}

const version = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Start-up, in order: the warehouse (schema, reference data), the demo simulator when
 * asked, the schedules, the HTTP server. The one process owns the database file.
 */
export async function startService(config: Config, log: Logger): Promise<Service> {
  // what no log line may show, wherever it turns up (log.ts): the sources' credentials, the keys
  maskInLogs(log, [
    ...config.settings.sources.flatMap((s) => (s.kind === 'http' ? secretsOf(s) : [])),
    ...[config.sessionSecret, config.demoAdminPassword].filter((v): v is string => v !== undefined),
  ]);
  const ctx = await openWarehouse(config, log.child({ component: 'ingest' }));
  const modelLog = log.child({ component: 'models' });
  let figuresInstance: Figures | undefined;
  const figuresOf = () => (figuresInstance ??= new Figures(ctx.db, new FigureCache({ maxBytes: config.figureCacheBytes }), { incompleteRule: config.settings.ranking.incompleteUnits, scorecard: config.settings.ranking.scorecard, provincialOffice: config.settings.provincialOffice }));
  let demo: Demo | undefined;
  let scheduler: Scheduler | undefined;
  let server: ServerType | undefined;
  let alerts: Alerts | undefined;
  let warmed: Promise<unknown> = Promise.resolve();
  // the write-ahead log written into the file in the background, two seconds after a build,
  // once it holds WAL_CHECKPOINT_MB (8 MiB): DuckDB would otherwise do it inside the commit
  // that takes it past 16 MiB, a load's as often as not (warehouse/checkpoint.ts); under the
  // write lock, so a load waits for it rather than the reverse. Not when closing (closing
  // checkpoints) or when the start fails.
  let closing = false;
  const warehouseLog = log.child({ component: 'warehouse' });
  const compaction = coalesced(async () => {
    if (closing || config.walCheckpointBytes === 0) return;
    const r = await ctx.lock.run(() => (closing ? Promise.resolve(undefined) : checkpointIfLogOver(ctx.db, config.walCheckpointBytes)));
    if (r?.checkpointed) warehouseLog.info({ walBytes: r.walBytes, ms: Math.round(r.ms) }, 'checkpoint: the write-ahead log written into the database file');
    else if (r?.busy) warehouseLog.debug({ walBytes: r.walBytes }, 'checkpoint put off: another connection was writing; the next build tries again');
  }, (err) => warehouseLog.warn({ err }, 'background checkpoint failed; DuckDB checkpoints at the next commit past its threshold'), { delayMs: 2_000 });
  try {
    const store = new AccessStore(ctx.db);
    const secret = config.sessionSecret ?? sessionKey(config.dataDir);
    maskInLogs(log, [secret]);
    const access: AuthDeps = {
      store,
      throttle: new LoginThrottle(),
      gate: new HashingGate(),
      budget: config.apiRequestsPerMinute > 0 ? new RequestBudget(config.apiRequestsPerMinute) : null,
      secret,
      teams: config.settings.teams.map((t) => t.id),
      isUnit: async (code) => (await figuresOf().units()).some((u) => u.code === code),
    };
    // the demo has an administrator; nothing ships with a fixed default password
    let createdAdminPassword: string | undefined;
    if (config.demo && !(await store.findUser('admin'))) {
      const password = config.demoAdminPassword ?? randomPassword();
      await store.addUser({ username: 'admin', password, role: 'admin' }, access.teams, async () => true);
      await store.audit({ actor: null, action: 'user_added', target: 'admin', details: { role: 'admin', by: 'demo start-up' } });
      if (!config.demoAdminPassword) createdAdminPassword = password;
    }
    const sources: SourceConfig[] = [...config.settings.sources];
    if (config.demo) {
      demo = await startDemo(config);
      maskInLogs(log, demo.sources.flatMap((s) => (s.kind === 'http' ? secretsOf(s) : [])));
      sources.push(...demo.sources);
    }
    const figures = figuresOf();
    // the full build: at start-up (the units, milestones or models may have changed), and on request
    const rebuild = async () => {
      const result = await ctx.lock.run(() => buildModels(ctx.db));
      figures.cache.invalidate();
      modelLog.info({ build: result.kind, runs: result.runs, ms: result.ms }, describeBuild(result));
      void compaction.request();
    };
    await rebuild();
    // in the background: the documents' columns the models do not read, for the first load (ingest/sql/documents-warm.sql)
    warmed = warmDocuments(ctx.db).catch((err: Error) => log.child({ component: 'ingest' }).warn({ err }, 'reading the documents ahead of the first load failed'));
    // the rules are evaluated after every build of the models (and on their schedule), in the
    // background: they read the figures, the figures do not need them, and a source's run
    // answers once its figures are up to date (over 10 M documents the evaluation takes about
    // half a second). A second after the build, so that the requests which follow a run (the
    // dashboard's, reloaded) do not share the CPU with it; never two at once, and one more
    // after the one running when builds follow each other (alerts/after-builds.ts)
    const evaluation = coalesced(() => alerts ? alerts.evaluate() : Promise.resolve(), (err) => modelLog.error({ err }, 'alert evaluation failed'), { delayMs: 1_000 });
    // after a load: only what the runs since the last build changed (every such run, whichever
    // source loaded it; a failed build leaves its runs to the next one); a full build when the
    // incremental one cannot be sure (see buildModelsIncremental)
    const refresh = async () => {
      // (the load has logged its rows, built or not: a failed build's too)
      try {
        const result = await ctx.lock.run(() => buildModelsIncremental(ctx.db));
        if (result.kind !== 'unchanged') figures.cache.invalidate();
        modelLog.info({ build: result.kind, runs: result.runs, ms: result.ms }, describeBuild(result));
        if (result.kind !== 'unchanged') void evaluation.request();
      } finally {
        void compaction.request();
      }
    };
    const runCtx = { ...ctx, settings: config.settings, dataDir: config.dataDir };
    const run = async (source: SourceConfig, trigger: 'schedule' | 'manual' | 'demo') => {
      const runs = await runSource(runCtx, source, trigger);
      // the figures follow every load that changed something: documents, or the quarantine
      // (its rows' completeness counts, and the work queue, come from the models too)
      // (each run has logged itself, with its run id: ingest/load.ts)
      if (runs.some((r) => r.status === 'succeeded' && r.loaded + r.updated + r.quarantined > 0)) {
        await refresh().catch((err: Error) => modelLog.error({ err, runIds: runs.map((r) => r.runId) }, 'model build failed, the previous figures stay'));
      }
      return runs;
    };
    const backupDir = join(config.dataDir, 'backups');
    const { keep } = config.settings.backup;
    const reportDeps: ReportDeps = {
      figures, ctx, settings: config.settings, sources,
      dataFreshness: () => listSources(ctx.db, config.settings, sources),
      documentGuard: (c, units, period) => assertDocumentScope(access.store, c.get('principal'), units, period),
    };
    const alertDeps = { ctx, figures, settings: config.settings, sources, store, publicUrl: config.publicUrl, dataDir: config.dataDir, reports: reportDeps, log: log.child({ component: 'alerts' }) };
    alerts = await startAlerts(alertDeps, { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom });
    const alertsOf = alerts;
    const publication = config.settings.publication;
    scheduler = Scheduler.start(
      [
        ...alertsOf.jobs,
        // the 1st of each month: the month before (and a quarter, 6, 9 or 12 months that just ended)
        ...reportJobs(reportDeps, join(config.dataDir, 'reports'), { log: log.child({ component: 'reports' }) }),
        ...sources.filter((s) => s.enabled).map((s) => ({ name: `source:${s.id}`, cron: s.schedule, run: () => run(s, 'schedule') })),
        { name: 'backup', cron: config.settings.backup.schedule, run: async () => log.info({ component: 'backup', file: (await backupNow(ctx, backupDir, keep)).file }, 'backup written') },
        // the province's publication for the national roll-up (README "National roll-up"): it only reads
        ...(publication.schedule ? [{ name: 'publication', cron: publication.schedule, run: async () => {
          const outDir = isAbsolute(publication.dir) ? publication.dir : join(config.dataDir, publication.dir);
          const r = await publish(ctx.db, { outDir, province: publication.province, provinceName: publication.name, asOf: today() });
          log.info({ component: 'publication', dir: outDir, months: r.months.length, rows: r.rows }, 'publication written');
        } }] : []),
      ],
      log.child({ component: 'scheduler' }),
    );
    const app = createApp({ version, ctx, settings: config.settings, sources, runSource: (s) => run(s, 'manual'), figures, access, uiDir: config.uiDir, log: log.child({ component: 'http' }), trustProxy: config.trustProxy,
      ready: () => ctx.db.all('SELECT 1'),
      extraRoutes: [backupRoutes(ctx, backupDir, keep), reportRoutes(reportDeps), alertsOf.routes] });
    const address = await new Promise<{ port: number }>((resolve, reject) => {
      server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => resolve(info));
      server.once('error', reject);
    });
    const url = `http://${config.host}:${address.port}`;
    // the demo's first pull runs after the server is up, so the page answers at once
    const ready = demo
      ? (async () => {
        const runs = (await Promise.all(demo.sources.map((s) => run(s, 'demo')))).flat();
        // the evaluations after those runs' builds first, as of today (as when they were awaited)
        await evaluation.idle();
        // the demo's administrator is told of the alerts of the last month with data (.eml files)
        await demoAlerts(alertDeps, alertsOf, (await figures.dataRange()).last_month).catch((err: Error) => log.error({ err }, 'demo alerts failed'));
        return runs;
      })()
      : Promise.resolve([]);
    ready.catch(() => undefined);
    const s = scheduler;
    const srv = server!;
    return {
      url, ctx, sources, scheduler: s, demo, ready, figures, rebuild, access, createdAdminPassword, alerts: alertsOf,
      async afterBuilds() {
        await evaluation.idle();
        await compaction.idle();
      },
      async close() {
        closing = true;
        compaction.hurry();
        await warmed;
        await s.stop();
        evaluation.hurry();
        await evaluation.idle();
        await alertsOf.close();
        await new Promise<void>((r) => srv.close(() => r()));
        await ready.catch(() => undefined);
        await ctx.lock.run(async () => undefined); // let a running load finish
        await evaluation.idle(); // and the evaluation after its build
        await compaction.idle();
        await demo?.close();
        ctx.db.close();
      },
    };
  } catch (err) {
    closing = true;
    compaction.hurry();
    await compaction.idle();
    await warmed;
    await scheduler?.stop();
    await alerts?.close();
    server?.close();
    await demo?.close();
    ctx.db.close();
    throw err;
  }
}

export interface NationalService {
  url: string;
  db: Database;
  figures: NationalFigures;
  access: AuthDeps;
  /** the administrator's password when this start created it (printed once) */
  createdAdminPassword: string | undefined;
  close(): Promise<void>;
}

/**
 * Serves a national warehouse built by `npm run national` (README "National roll-up"): the
 * provinces' pooled figures, their ranking and the country's trend, with the same sign-in and
 * dashboard. The first start creates the administrator "admin" when the warehouse has no user
 * (DEMO_ADMIN_PASSWORD, or a random password printed once).
 */
export async function startNationalService(config: Config, log: Logger): Promise<NationalService> {
  maskInLogs(log, [config.sessionSecret, config.demoAdminPassword].filter((v): v is string => v !== undefined));
  const db = await openNationalWarehouse(config.dbPath, {
    create: false,
    missing: { en: `build it first with npm run national -- --db ${config.dbPath} --in <publication>… --create`, vi: 'hãy tạo bằng npm run national trước.' },
  });
  let server: ServerType | undefined;
  try {
    const figures = new NationalFigures(db, { incompleteRule: config.settings.ranking.incompleteUnits, scorecard: config.settings.ranking.scorecard });
    const store = new AccessStore(db);
    const secret = config.sessionSecret ?? sessionKey(config.dataDir);
    maskInLogs(log, [secret]);
    const access: AuthDeps = {
      store, throttle: new LoginThrottle(), gate: new HashingGate(),
      budget: config.apiRequestsPerMinute > 0 ? new RequestBudget(config.apiRequestsPerMinute) : null,
      secret, teams: [],
      isUnit: async (code) => (await figures.provinces()).some((p) => p.province === code),
    };
    let createdAdminPassword: string | undefined;
    if ((await store.listUsers()).length === 0) {
      const password = config.demoAdminPassword ?? randomPassword();
      await store.addUser({ username: 'admin', password, role: 'admin' }, access.teams, async () => true);
      await store.audit({ actor: null, action: 'user_added', target: 'admin', details: { role: 'admin', by: 'national start-up' } });
      if (!config.demoAdminPassword) createdAdminPassword = password;
    }
    const app = createNationalApp({
      version, access, uiDir: config.uiDir, log: log.child({ component: 'http' }), trustProxy: config.trustProxy,
      ready: () => figures.db.all('SELECT 1'),
      figureRoutes: nationalRoutes(figures),
    });
    const address = await new Promise<{ port: number }>((resolve, reject) => {
      server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => resolve(info));
      server.once('error', reject);
    });
    const srv = server!;
    return {
      url: `http://${config.host}:${address.port}`, db, figures, access, createdAdminPassword,
      async close() {
        await new Promise<void>((r) => srv.close(() => r()));
        db.close();
      },
    };
  } catch (err) {
    server?.close();
    db.close();
    throw err;
  }
}
