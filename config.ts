import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ProxyTrust } from './client.ts';
import { AppError } from './errors.ts';
import { TIME_ZONE } from './time.ts';

/**
 * The only reader of process.env and of the settings file. Everything else receives a
 * frozen Config from start-up.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const canonicalField = z.enum([
  'unit_code', 'doc_id', 'direction', 'number', 'doc_type', 'doc_date',
  'event_time', 'security', 'channel', 'signed', 'deadline', 'completed_time',
]);

/** How one vendor's export maps onto the canonical columns and values. */
export const mappingSchema = z.object({
  /** vendor header → canonical column (matched ignoring case, Unicode form and spacing) */
  headers: z.record(z.string(), canonicalField).default({}),
  /** canonical field → vendor spelling → canonical value */
  values: z.partialRecord(z.enum(['direction', 'security', 'channel', 'signed']), z.record(z.string(), z.string())).default({}),
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
  ranking: z.object({ incompleteUnits: z.enum(INCOMPLETE_RULES).default('count_against') }).default({ incompleteUnits: 'count_against' }),
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
}

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
  return Object.freeze(parsed.data);
}

export function resolveBeside(file: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dirname(file), path);
}
