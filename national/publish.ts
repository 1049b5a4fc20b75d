import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Database } from '../warehouse/database.ts';
import { readRows, runScript, sqlFile } from '../warehouse/sql.ts';
import { AppError } from '../errors.ts';
import { today } from '../time.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

/** A publication of the same province left staged by a publish that was killed: over an hour old, its process gone. */
const STAGING_ABANDONED_MS = 60 * 60 * 1000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what killed publishes of `province` left in `outDir` (their `.staging-<province>-
 * <started ms>-<pid>` folders, which no reader looks at): only those started over an hour
 * before `now` whose process no longer runs on this machine, so that a publish in progress,
 * here or on another machine writing to a shared folder, is never touched.
 */
function removeAbandonedStaging(outDir: string, province: string, now: Date): void {
  const pattern = new RegExp(`^\\.staging-${province.replace(/[^0-9A-Za-z]/g, '')}-(\\d+)-(\\d+)$`);
  for (const name of readdirSync(outDir)) {
    const m = pattern.exec(name);
    if (!m) continue;
    const started = Number(m[1]);
    if (now.getTime() - started > STAGING_ABANDONED_MS && !processAlive(Number(m[2]))) {
      rmSync(join(outDir, name), { recursive: true, force: true });
    }
  }
}

/**
 * The version of the publication's layout (the columns of counts/ and registry/, the
 * manifest's fields). A national warehouse loads only publications of its own version
 * (national/rollup.ts): a change of a column's meaning changes it.
 */
export const PUBLICATION_SCHEMA_VERSION = 1;
export const MANIFEST_FORMAT = 'cds-national-publication';

export interface ManifestFile {
  /** relative to the publication's folder, with '/' */
  path: string;
  sha256: string;
  bytes: number;
}

export interface ManifestMonth {
  /** YYYY-MM */
  month: string;
  as_of: string;
  published_at: string;
  files: ManifestFile[];
}

/** manifests/<province>.json in the publication's folder. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  schema_version: number;
  province: string;
  province_name: string;
  /** a hash of the registry (its unit versions) the counts were pooled on */
  map_version: string;
  /** the cut-off of the latest publication */
  as_of: string;
  published_at: string;
  registry: ManifestFile[];
  months: ManifestMonth[];
}

export interface PublishOptions {
  outDir: string;
  /** two digits, settings.publication.province */
  province: string;
  provinceName: string;
  /** YYYY-MM-DD: the figures as they stood at the end of that day */
  asOf: string;
  /** YYYY-MM; default: the first and last month with documents (not after as_of) */
  from?: string | undefined;
  to?: string | undefined;
  now?: () => Date;
}

export const manifestPath = (dir: string, province: string) => join(dir, 'manifests', `${province}.json`);

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

async function describe(root: string, files: string[]): Promise<ManifestFile[]> {
  return Promise.all(files.sort().map(async (f) => ({ path: relative(root, f).replaceAll('\\', '/'), sha256: await sha256File(f), bytes: statSync(f).size })));
}

/**
 * Writes a province's publication (README "National roll-up"): its per-unit, per-month
 * counts (national/sql/publish-counts.sql) and its registry as Parquet, Hive-partitioned,
 * and the manifest with each file's SHA-256. Only reads the warehouse. The months published
 * replace the same months of an earlier publication in the folder; the other months stay,
 * with their entries in the manifest.
 */
export async function publish(db: Database, opts: PublishOptions): Promise<{ manifest: Manifest; months: string[]; rows: number }> {
  const outDir = resolve(opts.outDir);
  const range = (await db.all<{ first_month: string | null; last_month: string | null; map_version: string }>(q('publish-range')))[0]!;
  const asOfMonth = opts.asOf.slice(0, 7);
  const from = opts.from ?? range.first_month;
  const lastWithData = range.last_month && range.last_month < asOfMonth ? range.last_month : asOfMonth;
  const to = opts.to ?? lastWithData;
  if (!from || !to) throw new AppError(422, 'nothing_to_publish', 'The warehouse holds no documents: there is nothing to publish.');
  // open documents past their deadline count late as of as_of: a day not yet reached would
  // count as late what may still be done on time
  if (opts.asOf > today()) throw new AppError(400, 'as_of_in_future', `The cut-off ${opts.asOf} is after today (${today()}, Vietnam): publish as of today or an earlier day.`);
  if (from > to) throw new AppError(400, 'invalid_range', `The first month to publish (${from}) is after the last (${to}).`);
  if (to > asOfMonth) throw new AppError(400, 'invalid_range', `Cannot publish ${to}: it is after the cut-off ${opts.asOf}.`);

  mkdirSync(outDir, { recursive: true });
  const stamp = (opts.now ?? (() => new Date()))();
  removeAbandonedStaging(outDir, opts.province, stamp);
  const staging = join(outDir, `.staging-${opts.province}-${stamp.getTime()}-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  try {
    const params = {
      from: `${from}-01`, to: `${to}-01`, as_of: opts.asOf, province: opts.province,
      counts_dir: join(staging, 'counts'), registry_dir: join(staging, 'registry'),
    };
    const rows = await db.withConnection(async (conn) => {
      await runScript(conn, q('publish-counts'), params);
      const n = (await readRows<{ n: number }>(conn, 'SELECT count(*)::INTEGER AS n FROM publication_counts'))[0]!.n;
      await runScript(conn, q('publish-write'), params);
      await conn.run('DROP TABLE publication_counts');
      return n;
    });

    // the months written, and their files as they will be in place
    const provinceDir = `province=${opts.province}`;
    const monthDirs: { month: string; rel: string }[] = [];
    const stagedCounts = join(staging, 'counts', provinceDir);
    for (const y of existsSync(stagedCounts) ? readdirSync(stagedCounts) : []) {
      for (const m of readdirSync(join(stagedCounts, y))) {
        monthDirs.push({ month: `${y.replace('year=', '')}-${m.replace('month=', '')}`, rel: join('counts', provinceDir, y, m) });
      }
    }
    const published = stamp.toISOString();
    const months: ManifestMonth[] = [];
    for (const d of monthDirs.sort((a, b) => a.month.localeCompare(b.month))) {
      const files = await describe(staging, filesUnder(join(staging, d.rel)));
      months.push({ month: d.month, as_of: opts.asOf, published_at: published, files });
    }
    const registry = await describe(staging, filesUnder(join(staging, 'registry', provinceDir)));

    // in place: each month's folder replaces the same month's, the registry the registry
    for (const d of monthDirs) {
      const target = join(outDir, d.rel);
      rmSync(target, { recursive: true, force: true });
      mkdirSync(join(target, '..'), { recursive: true });
      renameSync(join(staging, d.rel), target);
    }
    const registryTarget = join(outDir, 'registry', provinceDir);
    rmSync(registryTarget, { recursive: true, force: true });
    mkdirSync(join(registryTarget, '..'), { recursive: true });
    renameSync(join(staging, 'registry', provinceDir), registryTarget);

    // the manifest last: the earlier publication's other months stay listed
    const file = manifestPath(outDir, opts.province);
    const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : null;
    const kept = (earlier?.schema_version === PUBLICATION_SCHEMA_VERSION ? earlier.months : []).filter((m) => !months.some((n) => n.month === m.month));
    const manifest: Manifest = {
      format: MANIFEST_FORMAT, schema_version: PUBLICATION_SCHEMA_VERSION, province: opts.province, province_name: opts.provinceName,
      map_version: range.map_version, as_of: opts.asOf, published_at: published, registry,
      months: [...kept, ...months].sort((a, b) => a.month.localeCompare(b.month)),
    };
    mkdirSync(join(outDir, 'manifests'), { recursive: true });
    writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    return { manifest, months: months.map((m) => m.month), rows };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
