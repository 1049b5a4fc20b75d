import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ProxyTrust } from './client.ts';
import { AppError } from './errors.ts';
import { LOG_LEVELS, type LogLevel } from './log.ts';
import { TIME_ZONE } from './time.ts';

/**
 * The only reader of process.env and of the settings file. Everything else receives a
 * frozen Config from start-up.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const canonicalField = z.enum([
  'unit_code', 'doc_id', 'direction', 'number', 'doc_type', 'doc_date',
  'event_time', 'security', 'channel', 'signed', 'deadline', 'completed_time',
  'sender', 'processed_electronic',
]);

/** How one vendor's export maps onto the canonical columns and values. */
export const mappingSchema = z.object({
  /** vendor header → canonical column (matched ignoring case, Unicode form and spacing) */
  headers: z.record(z.string(), canonicalField).default({}),
  /** canonical field → vendor spelling → canonical value */
  values: z.partialRecord(z.enum(['direction', 'security', 'channel', 'signed', 'processed_electronic']), z.record(z.string(), z.string())).default({}),
  /** values for columns the export does not have at all (e.g. the unit code of a unit's own system) */
  defaults: z.partialRecord(canonicalField, z.string()).default({}),
  /**
   * fields whose empty value is an error for this source (the row is quarantined) instead of
   * the rule of ingest/mapping/field-rules.ts (e.g. an empty signed counts as not signed)
   */
  emptyIsError: z.array(z.enum(['security', 'channel', 'signed'])).default([]),
});
export type SourceMapping = z.infer<typeof mappingSchema>;

const retrySchema = z.object({
  attempts: z.number().int().min(1).max(10).default(3),
  backoffMs: z.number().int().min(0).max(600_000).default(2_000),
});

const httpSourceSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  kind: z.literal('http'),
  /** the name people know the system by, shown where a document's source is printed (e.g. "TDOffice") */
  name: z.string().min(1).max(60).optional(),
  url: z.string().url(),
  schedule: z.string().default('*/30 * * * *'),
  /** header values may reference environment variables as ${NAME} */
  headers: z.record(z.string(), z.string()).default({}),
  format: z.enum(['csv', 'json']).default('json'),
  mapping: z.string().optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  retry: retrySchema.default({ attempts: 3, backoffMs: 2_000 }),
  pageSize: z.number().int().min(1).max(100_000).default(5_000),
  enabled: z.boolean().default(true),
});

const folderSourceSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  kind: z.literal('folder'),
  name: z.string().min(1).max(60).optional(),
  /** relative to DATA_DIR unless absolute */
  path: z.string(),
  schedule: z.string().default('*/5 * * * *'),
  mapping: z.string().optional(),
  enabled: z.boolean().default(true),
});

export const sourceSchema = z.discriminatedUnion('kind', [httpSourceSchema, folderSourceSchema]);
export type SourceConfig = z.infer<typeof sourceSchema>;
export type HttpSourceConfig = z.infer<typeof httpSourceSchema>;
export type FolderSourceConfig = z.infer<typeof folderSourceSchema>;

const teamSchema = z.object({
  id: z.number().int().min(1),
  name: z.string(),
  lead: z.string(),
  /** provincial bodies and districts; a district brings its communes */
  units: z.array(z.string()),
  /**
   * later assignments, versioned with the map (issue 17; README, "The map changes"): from
   * `from` on, the team checks these units instead (after 1/7/2025: provincial bodies and
   * communes). Checked at start-up against the map in force on `from`.
   */
  assignments: z.array(z.object({ from: isoDate, units: z.array(z.string()) })).default([]),
});
export type Team = z.infer<typeof teamSchema>;

/**
 * What the district ranking (and the reports' peer rankings) does with a unit whose figures
 * are incomplete, i.e. with open quarantined rows or units without data in the period
 * (analytics/queries/ranking.sql, reports/ranking.ts):
 *   as_computed    rank it on its figures as they are;
 *   count_against  count each open quarantined row against it as a failing document (the
 *                  default: a unit cannot gain from its own broken exports);
 *   unranked       leave it unranked, with the reason.
 * On a warehouse without open quarantined rows the three give the same ranks, except that
 * unranked also leaves out an area with a unit without data.
 */
export const INCOMPLETE_RULES = ['as_computed', 'count_against', 'unranked'] as const;
export type IncompleteRule = (typeof INCOMPLETE_RULES)[number];

const ruleBase = {
  /** a stable id: alerts and subscriptions name the rule by it */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
  /** what a person reads, in Vietnamese */
  name: z.string().min(1).max(200),
  enabled: z.boolean().default(true),
};
const level = z.enum(['province', 'district', 'commune']);
/**
 * The alert rules (alerts/rules.ts evaluates them). Rates and counts are of the month so far
 * (from its first day to the evaluation's day); a unit with no rate is never alerted on.
 */
export const alertRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    ...ruleBase, kind: z.literal('rate_below'), metric: z.enum(['sent_electronic_rate', 'signed_rate', 'on_time_rate']), threshold: z.number().min(0).max(1), level: level.optional(),
    /**
     * unset: the rate of the month so far; N: the unit's own rate of each of its last N days
     * with a rate (days without documents are skipped), within the last 2·N days (README: Alerts)
     */
    days: z.number().int().min(1).max(31).optional(),
    /**
     * the levels watched, by the level the month's map ranks: `district` (until 30/6/2025),
     * `commune` (from 1/7/2025); a map not listed falls back to `level`. The defaults watch the
     * districts, and on today's map the communes and the provincial bodies (README: Alerts)
     */
    levelsByMap: z.strictObject({ district: z.array(level).min(1).optional(), commune: z.array(level).min(1).optional() }).optional(),
  }),
  /** unset level: the level the month's map ranks (the districts; the communes from 1/7/2025) and the provincial bodies */
  z.object({ ...ruleBase, kind: z.literal('rank_drop'), places: z.number().int().min(1).max(600), level: level.optional() }),
  z.object({ ...ruleBase, kind: z.literal('source_stale') }),
  z.object({ ...ruleBase, kind: z.literal('source_failing'), runs: z.number().int().min(1).max(100) }),
  z.object({ ...ruleBase, kind: z.literal('no_documents'), days: z.number().int().min(1).max(3650), level: level.optional() }),
  z.object({ ...ruleBase, kind: z.literal('quarantine_above'), threshold: z.number().int().min(0), level: level.optional() }),
  z.object({ ...ruleBase, kind: z.literal('period_frozen') }),
]);
export type AlertRule = z.infer<typeof alertRuleSchema>;
export const ALERT_RULE_KINDS = ['rate_below', 'rank_drop', 'source_stale', 'source_failing', 'no_documents', 'quarantine_above', 'period_frozen'] as const;

const email = z.email();
const cron = z.string().min(9).max(100);
/** Alerts, subscriptions' channels and scheduled deliveries (alerts/, README: Alerts). */
const alertsSchema = z.object({
  rules: z.array(alertRuleSchema).default([]),
  /** when the rules are evaluated (besides after every build of the models) */
  schedule: cron.default('*/15 * * * *'),
  /** webhooks a subscription may name: JSON POSTs signed with HMAC-SHA256 of the secret (may be ${ENV}) */
  webhooks: z.array(z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), url: z.url({ protocol: /^https?$/ }), secret: z.string().min(1) })).default([]),
  /** a message that fails is tried again after backoffMs, doubling, at most `attempts` times */
  retry: z.object({ attempts: z.number().int().min(1).max(50).default(8), backoffMs: z.number().int().min(0).max(3_600_000).default(30_000) }).prefault({}),
  deliveries: z.object({
    /** the monthly DPI workbook (the month before) on the 1st at 06:00 */
    monthly: z.object({ cron: cron.default('0 6 1 * *'), formats: z.array(z.enum(['xlsx', 'csv', 'json'])).min(1).default(['xlsx']), recipients: z.array(email).default([]) }).prefault({}),
    /** each team's work list (the month so far) every Monday at 07:00: team id → addresses */
    teamWorkList: z.object({ cron: cron.default('0 7 * * 1'), recipients: z.record(z.string().regex(/^\d+$/), z.array(email)).default({}) }).prefault({}),
    /** a unit leader's one-page summary of the month before, on the 1st at 06:30: a district's (until 30/6/2025), a commune's or a provincial body's code → addresses */
    districtSummary: z.object({ cron: cron.default('30 6 1 * *'), recipients: z.record(z.string(), z.array(email)).default({}) }).prefault({}),
  }).prefault({}),
});
export type AlertSettings = z.infer<typeof alertsSchema>;

/**
 * The scorecard a unit is ranked on (settings ranking.scorecard; README, "The score"):
 *   score = round4( round4( Σ weight·rate / Σ weight, over the indicators whose rate is not null )
 *                   + Σ bonus of each indicator whose rate reaches its target
 *                   − Σ points · documents, per violation kind )
 * each rate rounded to 4 decimals first; no indicator with a rate: no score (unranked,
 * no_data). processed_electronic_rate enters the score with the completed documents whose
 * export does not record how they were processed counted as not processed electronically
 * (in_processed_electronic / (in_completed + in_completed_unrecorded)): a unit whose exports
 * lack the field scores 0 on it, never better than one that records its paper. The default (the three rates, weight 1, no bonus, no penalty) is the mean of
 * the three rates, the score before the scorecard was configurable. A frozen period keeps
 * the scorecard it was frozen with (report_freezes.scorecard).
 */
export const SCORE_RATES = ['sent_electronic_rate', 'signed_rate', 'on_time_rate', 'received_electronic_rate', 'processed_electronic_rate'] as const;
export type ScoreRate = (typeof SCORE_RATES)[number];
/** the indicators of the default scorecard: the three rates the score was the mean of before it was configurable */
export const DEFAULT_SCORE_RATES = ['sent_electronic_rate', 'signed_rate', 'on_time_rate'] as const satisfies readonly ScoreRate[];
/**
 * the documents behind each rate's shortfall (the reasons of /api/violations), and the paper
 * the Provincial Office logged from a provincial body after its milestone (paper_to_office)
 */
export const VIOLATION_KINDS = ['not_electronic', 'not_signed', 'late', 'paper_to_office'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

const fraction = z.number().min(0).max(1);
export const scorecardSchema = z.strictObject({
  indicators: z.array(z.strictObject({
    rate: z.enum(SCORE_RATES),
    weight: z.number().positive().max(1_000),
    /** the rate (0..1) at which the indicator's bonus is earned; 1: 100 % */
    target: fraction.default(1),
    /** points added to the score when the rate reaches the target (0: none) */
    bonus: z.number().min(0).max(1).default(0),
  })).min(1, 'ranking.scorecard.indicators: at least one indicator'),
  /** points taken off the score per document of the kind (0.001: 0,1 điểm phần trăm per document) */
  penalties: z.array(z.strictObject({ kind: z.enum(VIOLATION_KINDS), points: z.number().positive().max(1) })).default([]),
}).superRefine((s, ctx) => {
  const seen = new Set<string>();
  for (const [i, ind] of s.indicators.entries()) {
    if (seen.has(ind.rate)) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'rate'], message: `${ind.rate} is listed twice` });
    seen.add(ind.rate);
  }
  const kinds = new Set<string>();
  for (const [i, p] of s.penalties.entries()) {
    if (kinds.has(p.kind)) ctx.addIssue({ code: 'custom', path: ['penalties', i, 'kind'], message: `${p.kind} is listed twice` });
    kinds.add(p.kind);
  }
});
export type Scorecard = z.infer<typeof scorecardSchema>;

/** Today's score: the mean of the three rates. */
export const DEFAULT_SCORECARD: Scorecard = Object.freeze({
  indicators: DEFAULT_SCORE_RATES.map((rate) => ({ rate, weight: 1, target: 1, bonus: 0 })),
  penalties: [],
}) as Scorecard;

export const settingsSchema = z.object({
  /**
   * Not a setting: business time is Asia/Ho_Chi_Minh (time.ts), because the warehouse stores
   * business dates and the dashboard computes them in the browser. Accepted, with that one
   * value, so that a settings file written before still loads; any other value is refused.
   */
  timezone: z.literal(TIME_ZONE, { error: `timezone: the service works in ${TIME_ZONE} only (see time.ts); remove the setting` }).optional(),
  unitsFile: z.string().default('units.csv'),
  milestones: z.object({ province: isoDate, district: isoDate, commune: isoDate }),
  teams: z.array(teamSchema).default([]),
  mappings: z.record(z.string(), mappingSchema).default({}),
  sources: z.array(sourceSchema).default([]),
  /** daily backups of the warehouse into DATA_DIR/backups, keeping the newest `keep` */
  backup: z.object({ schedule: z.string().default('30 2 * * *'), keep: z.number().int().min(1).max(365).default(7) }).default({ schedule: '30 2 * * *', keep: 7 }),
  /** a source is stale when it has not succeeded for this long */
  staleAfterHours: z.number().positive().default(48),
  ranking: z.object({
    incompleteUnits: z.enum(INCOMPLETE_RULES).default('count_against'),
    scorecard: scorecardSchema.default(DEFAULT_SCORECARD),
  }).default({ incompleteUnits: 'count_against', scorecard: DEFAULT_SCORECARD }),
  /**
   * The Provincial Office (Văn phòng UBND tỉnh): from a provincial body's milestone on it takes
   * no paper from it (Directive 15, point 4), so the paper it logs from one is that body's
   * violation (paper_to_office). A provincial body of the registry (checked at start-up).
   */
  provincialOffice: z.string().min(1).default('P01'),
  /**
   * When an inspection team's unit is "cần kiểm tra" (analytics/priority.ts): its score (the
   * score by the scorecard, as the ranking's) is below `scoreBelow`, or it has at least `documentsFrom` violating
   * documents in the period. Units that need checking come first in the team's priority order.
   */
  priority: z.strictObject({
    scoreBelow: z.number().min(0).max(1).default(0.95),
    documentsFrom: z.number().int().min(1).default(20),
  }).default({ scoreBelow: 0.95, documentsFrom: 20 }),
  alerts: alertsSchema.prefault({}),
  /**
   * The province's publication of its pooled counts for the national roll-up (national/,
   * README "National roll-up"): its code and name in the country's list, where the service
   * writes it (under DATA_DIR unless absolute) and, when set, the cron schedule
   * (Asia/Ho_Chi_Minh) on which it does.
   */
  publication: z.strictObject({
    province: z.string().regex(/^\d{2}$/, 'publication.province: the two-digit code of the province (Thanh Hóa: 38)').default('38'),
    name: z.string().min(1).default('Thanh Hóa'),
    dir: z.string().min(1).default('publication'),
    schedule: cron.nullable().default(null),
  }).prefault({}),
});
export type Settings = z.infer<typeof settingsSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly dbPath: string;
  readonly settingsFile: string;
  /** absolute path of the units registry CSV */
  readonly unitsFile: string;
  readonly settings: Settings;
  /** start the simulated province and load it (npm start) */
  readonly demo: boolean;
  readonly simulatorScale: number;
  /** the built dashboard */
  readonly uiDir: string;
  /** signs session cookies; when unset, a random key kept in DATA_DIR/session.key */
  readonly sessionSecret: string | undefined;
  /** the demo's administrator password; when unset, a random one printed once */
  readonly demoAdminPassword: string | undefined;
  /** the reverse proxy whose X-Forwarded-For and X-Forwarded-Proto are believed; null: none (TRUST_PROXY) */
  readonly trustProxy: ProxyTrust | null;
  /** API requests each signed-in user (session or token) may make per minute; 0: no limit (API_REQUESTS_PER_MINUTE) */
  readonly apiRequestsPerMinute: number;
  /** the figure cache's bound, in bytes (FIGURE_CACHE_MB) */
  readonly figureCacheBytes: number;
  /**
   * DuckDB's memory limit while a load runs, in MiB (LOAD_MEMORY_MB; 0: DuckDB's own, 80 %
   * of RAM): beyond it the load's temp tables spill to disk (<db>.tmp) instead of growing
   */
  readonly loadMemoryMb: number;
  /**
   * the write-ahead log's size, in bytes, from which the service checkpoints in the
   * background after a build (WAL_CHECKPOINT_MB; 0: never, DuckDB's own checkpoints only)
   */
  readonly walCheckpointBytes: number;
  /** the least level a log line needs to be written (LOG_LEVEL; see log.ts) */
  readonly logLevel: LogLevel;
  /** the SMTP server of outgoing e-mail (smtp:// or smtps://, with user and password); undefined: .eml files under DATA_DIR/outbox (SMTP_URL) */
  readonly smtpUrl: string | undefined;
  /** the sender of every e-mail (MAIL_FROM) */
  readonly mailFrom: string;
  /** the address people reach the dashboard at, for links in messages (PUBLIC_URL; default http://HOST:PORT) */
  readonly publicUrl: string;
}

/**
 * LOAD_MEMORY_MB unless set: a 10 M-row load peaks at 1.06–1.13 GiB under it (1.30–1.70
 * GiB under 1024, 3.0–3.8 without), in as many CPU-seconds as under 1024 (README, Performance)
 */
export const DEFAULT_LOAD_MEMORY_MB = 768;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('data'),
  DB_PATH: z.string().optional(),
  SETTINGS_FILE: z.string().default('config/settings.json'),
  DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
  SIM_SCALE: z.coerce.number().positive().max(100).default(1),
  UI_DIR: z.string().default('dist/ui'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET needs at least 32 characters').optional(),
  DEMO_ADMIN_PASSWORD: z.string().min(10, 'DEMO_ADMIN_PASSWORD needs at least 10 characters').optional(),
  TRUST_PROXY: z.string().optional().transform((v, ctx) => {
    try {
      return ProxyTrust.parse(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `TRUST_PROXY: ${(err as Error).message}` });
      return z.NEVER;
    }
  }),
  API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  FIGURE_CACHE_MB: z.coerce.number().positive().max(16_384).default(64),
  LOAD_MEMORY_MB: z.coerce.number().int().min(0).max(1_048_576).refine((v) => v === 0 || v >= 256, 'LOAD_MEMORY_MB must be 0 (no limit) or at least 256').default(DEFAULT_LOAD_MEMORY_MB),
  // below DuckDB's own 16 MiB, which it checkpoints at inside the commit that crosses it (warehouse/checkpoint.ts)
  WAL_CHECKPOINT_MB: z.coerce.number().refine((v) => v === 0 || (v >= 1 && v < 16), 'WAL_CHECKPOINT_MB must be 0 (DuckDB\'s own checkpoints only) or from 1 to under 16 (DuckDB checkpoints by itself at 16 MiB)').default(8),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'SMTP_URL must be smtp://[user:password@]host[:port] or smtps://…').optional(),
  MAIL_FROM: z.string().min(3).default('Chỉ thị 15 <no-reply@localhost>'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export interface ConfigOverrides {
  port?: number;
  dbPath?: string;
  demo?: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new AppError(500, 'invalid_environment', `Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const settingsFile = resolve(e.SETTINGS_FILE);
  const settings = loadSettings(settingsFile, env);
  const demoEnv = e.DEMO === undefined ? undefined : e.DEMO === '1' || e.DEMO === 'true';
  return Object.freeze({
    port: overrides.port ?? e.PORT,
    host: e.HOST,
    dataDir,
    dbPath: resolve(overrides.dbPath ?? e.DB_PATH ?? resolve(dataDir, 'cds.duckdb')),
    settingsFile,
    unitsFile: resolveBeside(settingsFile, settings.unitsFile),
    settings,
    demo: overrides.demo ?? demoEnv ?? true,
    simulatorScale: e.SIM_SCALE,
    uiDir: resolve(e.UI_DIR),
    sessionSecret: e.SESSION_SECRET,
    demoAdminPassword: e.DEMO_ADMIN_PASSWORD,
    trustProxy: e.TRUST_PROXY,
    apiRequestsPerMinute: e.API_REQUESTS_PER_MINUTE,
    figureCacheBytes: Math.round(e.FIGURE_CACHE_MB * 1024 * 1024),
    loadMemoryMb: e.LOAD_MEMORY_MB,
    walCheckpointBytes: Math.round(e.WAL_CHECKPOINT_MB * 1024 * 1024),
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${overrides.port ?? e.PORT}`).replace(/\/+$/, ''),
  });
}

/**
 * Reads and validates settings.json. Source header values may name environment variables
 * as ${NAME} (tokens stay out of the file); they are filled in here.
 */
export function loadSettings(file: string, env: NodeJS.ProcessEnv = process.env): Settings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError(500, 'settings_unreadable', `Cannot read settings file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError(500, 'settings_invalid', `Settings file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(500, 'settings_invalid', `Settings file ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  const ids = new Set<string>();
  for (const s of parsed.data.sources) {
    if (ids.has(s.id)) throw new AppError(500, 'settings_invalid', `Source id "${s.id}" is used twice in ${file}`);
    ids.add(s.id);
    if (s.mapping && !parsed.data.mappings[s.mapping]) {
      throw new AppError(500, 'settings_invalid', `Source ${s.id} names mapping "${s.mapping}", which settings.mappings does not define`);
    }
    if (s.kind === 'http') {
      for (const [k, v] of Object.entries(s.headers)) {
        s.headers[k] = v.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
          const value = env[name];
          if (value === undefined) throw new AppError(500, 'settings_invalid', `Source ${s.id} header ${k} needs the environment variable ${name}, which is not set`);
          return value;
        });
      }
    }
  }
  const ruleIds = new Set<string>();
  for (const r of parsed.data.alerts.rules) {
    if (ruleIds.has(r.id)) throw new AppError(500, 'settings_invalid', `Alert rule id "${r.id}" is used twice in ${file}`);
    ruleIds.add(r.id);
  }
  const teamIds = new Set(parsed.data.teams.map((t) => String(t.id)));
  for (const t of Object.keys(parsed.data.alerts.deliveries.teamWorkList.recipients)) {
    if (!teamIds.has(t)) throw new AppError(500, 'settings_invalid', `alerts.deliveries.teamWorkList names team ${t}, which settings.teams does not define`);
  }
  for (const w of parsed.data.alerts.webhooks) {
    w.secret = w.secret.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
      const value = env[name];
      if (value === undefined) throw new AppError(500, 'settings_invalid', `Webhook ${w.id} needs the environment variable ${name}, which is not set`);
      return value;
    });
    if (w.secret.length < 16) throw new AppError(500, 'settings_invalid', `Webhook ${w.id}: its secret needs at least 16 characters`);
  }
  return Object.freeze(parsed.data);
}

export function resolveBeside(file: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dirname(file), path);
}
