import cron, { type ScheduledTask } from 'node-cron';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { addDays, businessDate, localInstant, TIME_ZONE } from '../time.ts';

export interface Job {
  name: string;
  /** a cron expression, read in Asia/Ho_Chi_Minh */
  cron: string;
  run: () => Promise<unknown>;
}

export interface JobStatus {
  name: string;
  cron: string;
  nextRun: string | null;
  running: boolean;
}

/**
 * The process's timed jobs (source pulls, report generation, backups), all in Vietnam's
 * time zone. A job never overlaps itself; a job that throws is logged and runs again at
 * its next time.
 */
export class Scheduler {
  readonly #tasks = new Map<string, { job: Job; task: ScheduledTask }>();
  readonly #log: Logger;

  private constructor(log: Logger) {
    this.#log = log;
  }

  /** `log`: every line of a job carries its name (`job`); a load's lines carry their run id too (ingest/load.ts) */
  static start(jobs: Job[], log: Logger): Scheduler {
    for (const job of jobs) {
      const v = cron.validateDetailed(job.cron);
      if (!v.valid) {
        throw new AppError(500, 'settings_invalid', `Job ${job.name} has an invalid schedule "${job.cron}": ${v.errors.map((e) => e.message).join('; ')}`);
      }
    }
    const s = new Scheduler(log);
    for (const job of jobs) s.add(job);
    return s;
  }

  add(job: Job): void {
    const task = cron.schedule(
      job.cron,
      async () => {
        const log = this.#log.child({ job: job.name });
        const started = performance.now();
        log.debug('job started');
        try {
          await job.run();
          log.debug({ ms: Math.round(performance.now() - started) }, 'job finished');
        } catch (err) {
          log.error({ err, ms: Math.round(performance.now() - started) }, 'job failed; it runs again at its next time');
        }
      },
      { timezone: TIME_ZONE, noOverlap: true, name: job.name },
    );
    this.#tasks.set(job.name, { job, task });
  }

  status(): JobStatus[] {
    return [...this.#tasks.values()].map(({ job, task }) => ({
      name: job.name,
      cron: job.cron,
      nextRun: task.getNextRun()?.toISOString() ?? null,
      running: task.isBusy(),
    }));
  }

  async stop(): Promise<void> {
    for (const { task } of this.#tasks.values()) await task.destroy();
    this.#tasks.clear();
  }
}

/**
 * The last time at or before `at` that `expression` (read in Asia/Ho_Chi_Minh, as the
 * scheduler reads it) fired, looking back at most `days` days; null if none. Vietnam keeps
 * no daylight saving time, so each local day has each wall-clock minute once.
 */
export function previousRun(expression: string, at: Date, days = 62): Date | null {
  const fields = cron.parse(expression);
  const task = cron.createTask(expression, () => undefined, { timezone: TIME_ZONE });
  try {
    const hours = [...fields.hour].sort((a, b) => b - a);
    const minutes = [...fields.minute].sort((a, b) => b - a);
    const today = businessDate(at);
    for (let d = 0; d <= days; d++) {
      const day = addDays(today, -d);
      for (const h of hours) {
        for (const m of minutes) {
          const t = localInstant(day, `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
          if (t.getTime() <= at.getTime() && task.match(t)) return t;
        }
      }
    }
    return null;
  } finally {
    void task.destroy();
  }
}
