import type { Job } from '../ingest/scheduler.ts';
import { folderChannel, smtpChannel } from './channels.ts';
import type { AlertDeps } from './deps.ts';
import { catchUpDeliveries, deliveryJobs } from './deliveries.ts';
import { writeDigests } from './digest.ts';
import { evaluateAlerts, type EvaluationResult } from './evaluate.ts';
import { OutboxSender, outboxDir } from './outbox.ts';
import { alertRoutes } from './routes.ts';
import { syncSettingsRules } from './rules.ts';

export interface MailConfig {
  /** SMTP_URL; undefined: .eml files under DATA_DIR/outbox/ */
  smtpUrl: string | undefined;
  mailFrom: string;
}

export interface Alerts {
  /** evaluates the rules now and sends what it wrote */
  evaluate(asOf?: string): Promise<EvaluationResult>;
  sender: OutboxSender;
  routes: ReturnType<typeof alertRoutes>;
  /** evaluation, digests and scheduled deliveries, for the scheduler */
  jobs: Job[];
  /** the start's making up of deliveries due while the service was down: the messages it wrote */
  caughtUp: Promise<number>;
  close(): Promise<void>;
}

/**
 * The alerts of the service: the settings' rules written to the warehouse, the outbox's
 * sender started (it sends what a crash left pending at once), the deliveries missed while
 * the service was down made up (in the background), the routes and the jobs.
 */
export async function startAlerts(deps: AlertDeps, mail: MailConfig, options: { pollMs?: number; onProgress?: (step: string) => void } = {}): Promise<Alerts> {
  await deps.ctx.lock.run(() => syncSettingsRules(deps.ctx.db, deps.settings.alerts.rules));
  const channel = mail.smtpUrl ? smtpChannel(mail.smtpUrl, mail.mailFrom) : folderChannel(outboxDir(deps.dataDir), mail.mailFrom);
  const sender = new OutboxSender({ db: deps.ctx.db, mail: channel, settings: deps.settings.alerts, publicUrl: deps.publicUrl, now: deps.now, log: deps.log, onProgress: options.onProgress }).start(options.pollMs);
  const evaluate = async (asOf?: string) => {
    const result = await evaluateAlerts(deps, { asOf });
    options.onProgress?.(`evaluated ${result.raised} ${result.resolved} ${result.messages}`);
    void sender.kick();
    return result;
  };
  const now = deps.now ?? (() => new Date());
  // in the background: a monthly workbook takes a while, and the service answers meanwhile
  const caughtUp = catchUpDeliveries(deps).then((n) => {
    if (n) void sender.kick();
    return n;
  }, (err: Error) => {
    deps.log?.error({ err }, 'making up missed deliveries failed; they are made up at the next start');
    return 0;
  });
  return {
    evaluate,
    sender,
    routes: alertRoutes(deps, { kick: () => void sender.kick(), smtp: mail.smtpUrl !== undefined }),
    jobs: [
      { name: 'alerts:evaluate', cron: deps.settings.alerts.schedule, run: () => evaluate() },
      { name: 'alerts:digest', cron: '0 * * * *', run: async () => { if (await writeDigests(deps, now())) void sender.kick(); } },
      ...deliveryJobs(deps, () => void sender.kick()),
    ],
    caughtUp,
    close: async () => {
      await caughtUp;
      await sender.close();
    },
  };
}
