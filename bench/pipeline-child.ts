/**
 * One run of the pipeline section (pipeline.ts) in a fresh process, so that its memory
 * high-water mark (VmHWM) is its own:
 *
 *   tsx bench/pipeline-child.ts bare    <file.csv> <dir>   the bare DuckDB two-step pipeline, in plain SQL
 *   tsx bench/pipeline-child.ts service <file.csv> <dir>   what `npm run ingest` does: load, then the model build
 *
 * Prints one JSON line: the timed steps (seconds), VmHWM after each (MiB), and counts.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildModelsIncremental } from '../analytics/build.ts';
import { loadConfig } from '../config.ts';
import { loadRun } from '../ingest/load.ts';
import { silentLogger } from '../log.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';
import { repoRoot } from './generate.ts';

export interface ChildStep {
  name: string;
  seconds: number;
  /** VmHWM of the process right after the step: the highest RSS so far */
  hwmMiB: number;
}

export interface ChildResult {
  mode: 'bare' | 'service';
  steps: ChildStep[];
  /** from the start of the first step to the database closed */
  seconds: number;
  hwmMiB: number;
  counts: Record<string, number>;
}

export function vmHwmMiB(pid: number | 'self' = 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) / 1024);
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The reference pipeline of issue 19, in plain SQL: (1) read_csv of every column as text
 * into a table; (2) one typed normalisation into a second table (trimmed codes, the
 * direction, the business date in UTC+7, the flags the rates count, deadline and completion
 * dates); (3) one per-unit, per-month mart, with the districts pooled (a district's People's
 * Committee and its communes); (4) the ranking of the districts on the three rates.
 */
export function barePipeline(csv: string, unitsCsv: string): { name: string; sql: string }[] {
  return [
    { name: 'read_csv, all text', sql: `CREATE TABLE raw AS SELECT * FROM read_csv(${lit(csv)}, header = true, all_varchar = true)` },
    {
      name: 'typed normalisation',
      sql: `CREATE TABLE docs AS
        SELECT trim(unit_code) AS unit_code, trim(doc_id) AS doc_id,
               CASE lower(trim(direction)) WHEN 'out' THEN 'out' WHEN 'in' THEN 'in' END AS direction,
               try_cast(event_time AS TIMESTAMPTZ) AS event_time,
               make_timestamp(epoch_us(try_cast(event_time AS TIMESTAMPTZ)) + 25200000000)::DATE AS event_date,
               coalesce(lower(trim(security)), 'normal') <> 'normal' AS is_secret,
               coalesce(lower(trim(channel)) IN ('electronic', 'both'), false) AS is_electronic,
               coalesce(try_cast(trim(signed) AS BOOLEAN), false) AS is_signed,
               try_cast(trim(deadline) AS DATE) AS deadline,
               make_timestamp(epoch_us(try_cast(nullif(trim(completed_time), '') AS TIMESTAMPTZ)) + 25200000000)::DATE AS completed_date
        FROM raw`,
    },
    {
      name: 'per-unit-month mart, districts pooled',
      sql: `CREATE TABLE mart AS
        WITH units AS (
          SELECT code, level, CASE level WHEN 'district' THEN code WHEN 'commune' THEN parent_code END AS district
          FROM read_csv(${lit(unitsCsv)}, header = true, all_varchar = true)
        ), unit_month AS (
          SELECT unit_code, date_trunc('month', event_date)::DATE AS month,
                 count(*) FILTER (WHERE direction = 'out' AND NOT is_secret) AS out_total,
                 count(*) FILTER (WHERE direction = 'out' AND NOT is_secret AND is_electronic) AS out_electronic,
                 count(*) FILTER (WHERE direction = 'out' AND NOT is_secret AND is_signed) AS out_signed,
                 count(*) FILTER (WHERE direction = 'in' AND NOT is_secret AND deadline IS NOT NULL AND completed_date <= deadline) AS in_on_time,
                 count(*) FILTER (WHERE direction = 'in' AND NOT is_secret AND deadline IS NOT NULL AND (completed_date IS NULL OR completed_date > deadline)) AS in_late
          FROM docs GROUP BY ALL
        )
        SELECT m.*, u.district FROM unit_month m JOIN units u ON u.code = m.unit_code`,
    },
    {
      name: 'ranking of the districts',
      sql: `SELECT district, rank() OVER (ORDER BY score DESC) AS rank, score FROM (
              SELECT district,
                     (sum(out_electronic) / nullif(sum(out_total), 0) + sum(out_signed) / nullif(sum(out_total), 0)
                      + sum(in_on_time) / nullif(sum(in_on_time) + sum(in_late), 0)) / 3 AS score
              FROM mart WHERE district IS NOT NULL GROUP BY district)
            ORDER BY rank, district`,
    },
  ];
}

async function timed(steps: ChildStep[], name: string, fn: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await fn();
  steps.push({ name, seconds: (performance.now() - t0) / 1000, hwmMiB: vmHwmMiB() });
}

async function bare(csv: string, dir: string): Promise<ChildResult> {
  const steps: ChildStep[] = [];
  const counts: Record<string, number> = {};
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(join(dir, 'bare.duckdb'));
  let conn: DuckDBConnection | undefined = await instance.connect();
  try {
    for (const s of barePipeline(csv, join(repoRoot, 'config/units.csv'))) {
      await timed(steps, s.name, async () => {
        const r = await conn!.runAndReadAll(s.sql);
        if (s.name.startsWith('ranking')) counts['ranked'] = r.currentRowCount;
      });
    }
    counts['documents'] = Number((await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM docs')).getRowObjectsJS()[0]!['n']);
  } finally {
    conn.closeSync();
    conn = undefined;
  }
  await timed(steps, 'close (checkpoint)', async () => instance.closeSync());
  return { mode: 'bare', steps, seconds: (performance.now() - t0) / 1000, hwmMiB: vmHwmMiB(), counts };
}

/** What `npm run ingest -- --db <dir>/warehouse.duckdb <file>` does (cli/ingest.ts), step by step. */
async function service(csv: string, dir: string): Promise<ChildResult> {
  const steps: ChildStep[] = [];
  const counts: Record<string, number> = {};
  const t0 = performance.now();
  const config = loadConfig({ ...process.env, DATA_DIR: dir, SETTINGS_FILE: join(repoRoot, 'config/settings.json') }, { dbPath: join(dir, 'warehouse.duckdb') });
  let wh: Awaited<ReturnType<typeof openWarehouse>> | undefined;
  await timed(steps, 'open (schema, registry)', async () => { wh = await openWarehouse(config, silentLogger()); });
  try {
    await timed(steps, 'load (archive, read, type, validate, merge)', async () => {
      const s = await loadRun(wh!, { sourceId: 'cli', trigger: 'cli', files: [{ path: csv, name: basename(csv) }] });
      if (s.status !== 'succeeded') throw new Error(`the load failed: ${s.error}`);
      counts['documents'] = s.loaded;
      counts['quarantined'] = s.quarantined;
    });
    await timed(steps, 'model build (full)', async () => {
      const b = await buildModelsIncremental(wh!.db);
      if (b.kind !== 'full') throw new Error(`the first build was ${b.kind}`);
    });
  } finally {
    await timed(steps, 'close (checkpoint)', async () => wh?.db.close());
  }
  return { mode: 'service', steps, seconds: (performance.now() - t0) / 1000, hwmMiB: vmHwmMiB(), counts };
}

if (process.argv[1] && basename(process.argv[1]) === 'pipeline-child.ts') {
  const [mode, csv, dir] = process.argv.slice(2);
  if ((mode !== 'bare' && mode !== 'service') || !csv || !dir) {
    process.stderr.write('usage: tsx bench/pipeline-child.ts bare|service <file.csv> <dir>\n');
    process.exit(2);
  }
  (mode === 'bare' ? bare(csv, dir) : service(csv, dir)).then(
    (r) => { process.stdout.write(`${JSON.stringify(r)}\n`); },
    (err: unknown) => { process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`); process.exitCode = 1; },
  );
}
