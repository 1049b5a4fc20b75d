import type { DuckDBConnection, DuckDBExtractedStatements } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from '../warehouse/database.ts';
import { bindNamed, parameterNames, quoteIdent, readRows, runScript, sqlFile } from '../warehouse/sql.ts';
import type { Definition } from '../warehouse/sql-lexer.ts';
import { asStaged, withoutComments } from '../warehouse/sql-lexer.ts';
import { modelOrder } from './model-order.ts';

const LAYERS = ['staging', 'intermediate', 'marts'] as const;
const modelsDir = new URL('./models/', import.meta.url);

/**
 * The run range a full build gives the run-scoped data tests: every run there can be.
 * (A JS integer binds as BIGINT; a bigint would bind as HUGEINT and cast the column.)
 */
const EVERY_RUN = { first_run: 0, last_run: Number.MAX_SAFE_INTEGER };

export interface ModelFile {
  layer: (typeof LAYERS)[number] | 'incremental';
  name: string;
  sql: string;
}

export interface DataTest {
  test: string;
  file: string;
  sql: string;
  /** where the test looks and when it runs: see dataTests */
  scope: 'all' | 'run' | 'documents' | 'full' | 'incremental';
}

export interface DataTestResult {
  test: string;
  file: string;
  scope: DataTest['scope'];
  failures: number;
  sample: Record<string, unknown>[];
  ms: number;
}

/** The time one step of a build took: a model (a file of statements), a data test, or the build's bookkeeping. */
export interface StepTiming {
  kind: 'model' | 'test' | 'state';
  name: string;
  ms: number;
  /** CPU time of the whole process (DuckDB's threads included) during the step: what the step cost, whatever else ran on the machine */
  cpuMs: number;
  /**
   * the step ran on a second connection alongside the others (the documents' own checks,
   * see startDocumentChecks): its time overlaps theirs, and its CPU time counts theirs too
   */
  alongside?: true;
}

export interface BuildResult {
  /**
   * full: every model rebuilt from all documents; incremental: the marts' rows changed by
   * what the runs changed (and the small quarantine marts whole); unchanged: no run
   * since the last build, nothing done.
   */
  kind: 'full' | 'incremental' | 'unchanged';
  /** why an incremental build was asked for but a full one was done */
  reason?: string;
  /** the runs this build brought into the figures (a full build: all, 1 .. last) */
  runs: { first: number; last: number };
  /**
   * the runs whose documents this build's `documents` tests checked: those it brought in
   * (incremental), or those no earlier build had checked under the same tests and registry
   * (full; 1 .. last when none had). first > last: none was left to check.
   */
  documentRuns?: { first: number; last: number };
  models: string[];
  tests: DataTestResult[];
  steps: StepTiming[];
  ms: number;
  /** CPU time of the whole process during the build (its steps' CPU times overlap where a step ran alongside others) */
  cpuMs?: number;
}

export class DataTestFailure extends Error {
  constructor(readonly failed: DataTestResult[]) {
    super(`Data tests failed: ${failed.map((t) => `${t.test} (${t.failures} rows, e.g. ${JSON.stringify(t.sample[0], (_, v) => (typeof v === 'bigint' ? Number(v) : v))})`).join('; ')}`);
  }
}

/**
 * The models in build order: each after the models it reads (derived from their SQL, see
 * model-order.ts), a lower layer (staging → intermediate → marts) and then the file name
 * first among those free to run.
 */
export function modelFiles(): ModelFile[] {
  return orderedModels().map((m) => m.model);
}

function orderedModels() {
  const files = LAYERS.flatMap((layer) =>
    readdirSync(new URL(`${layer}/`, modelsDir))
      .filter((f) => f.endsWith('.sql') && !f.endsWith('.test.sql'))
      .map((f): ModelFile => ({ layer, name: f.replace(/\.sql$/, ''), sql: readFileSync(new URL(`${layer}/${f}`, modelsDir), 'utf8') })),
  );
  return modelOrder(files, LAYERS);
}

/**
 * The incremental build's files (models/incremental/), in the order of what they read:
 * first what the runs changed (changes.sql, whose temp tables the others read), then each
 * mart's difference added to its rows. Their parameters: $first_run, $last_run.
 */
export function incrementalFiles(): ModelFile[] {
  const files = readdirSync(new URL('incremental/', modelsDir))
    .filter((f) => f.endsWith('.sql'))
    .map((f): ModelFile => ({ layer: 'incremental', name: f.replace(/\.sql$/, ''), sql: readFileSync(new URL(`incremental/${f}`, modelsDir), 'utf8') }));
  return modelOrder(files, ['incremental']).map((m) => m.model);
}

/** The scopes a data test may be marked with (`-- scope: …`; unmarked: 'all'). */
const MARKED_SCOPES = ['run', 'documents', 'full', 'incremental'] as const;
const isMarkedScope = (s: string): s is (typeof MARKED_SCOPES)[number] => (MARKED_SCOPES as readonly string[]).includes(s);

/**
 * Data tests: every `-- test: name` statement of every .test.sql file; each returns the
 * rows that break its rule. A comment line `-- scope: run`, `-- scope: full` or `-- scope:
 * incremental` right under the name says which rows a test must look at, so that the build after a load checks what
 * that load changed without reading everything again:
 *
 * - (no scope) global: no parameters; it checks everything, in every build. For the cheap
 *   checks (of the marts' rows: bounds, counts above zero).
 * - `run`: it names $first_run and $last_run (and no other parameter) and checks only the
 *   documents, or the mart keys (int_run_keys), that the runs first_run .. last_run set. A
 *   full build gives it every run (0 .. 2^53 - 1), so it checks everything (but what a
 *   full build cannot break, which a test may skip by `$first_run >= 1`: the unique keys of
 *   the marts a full build writes by a GROUP BY of them, fct_unit_day.test.sql); an
 *   incremental build the runs it brings in. That is enough because documents change only through
 *   runs and the marts only through builds, and everything not set by those runs was
 *   checked by the earlier build that brought its run in. For the checks that are costly
 *   over every row: a GROUP BY of every key, a time-zone conversion of every instant.
 *   Written so that with every run in range it is the whole check at no extra cost (a
 *   constant `$first_run > 1` guards the parts only an incremental build needs).
 * - `documents`: as `run`, for the checks of the documents themselves (their keys, values,
 *   units and business dates), which no build changes: each run's documents are checked
 *   once, by the build that brings the run in, and a full build checks only the runs after
 *   the last build's when that build had the same test SQL and registry and no migration
 *   came after it (analytics/sql/documents-checked.sql), every run otherwise. Documents
 *   change only through runs, so the runs an earlier build checked are as it checked them;
 *   a full build costs what the new runs cost, not a pass over every document (3 of a 10 M
 *   build's 18 CPU-seconds). They read only `documents` and `units`, which no build
 *   changes, so they run on a connection of their own while the models are built
 *   (startDocumentChecks).
 * - `full`: only in full builds. For checks of what only a full build changes: the
 *   registry and milestones, the models' own definitions (an incremental build follows
 *   only a full build with the same ones, see buildModelsIncremental), and the heavier
 *   reconciliations with all documents that stand for what a full build recomputes.
 * - `incremental`: no parameters, over everything, only in incremental builds (none now:
 *   the cheap reconciliation that stands in there for the `full` ones,
 *   marts_match_document_totals, runs in every build, against the documents' totals the
 *   loads keep, and a full build thereby checks those totals against every document).
 */
export function dataTests(): DataTest[] {
  const tests = LAYERS.flatMap((layer) =>
    readdirSync(new URL(`${layer}/`, modelsDir))
      .filter((f) => f.endsWith('.test.sql'))
      .sort()
      .flatMap((f) => {
        const text = readFileSync(new URL(`${layer}/${f}`, modelsDir), 'utf8');
        return text
          .split(/^-- test: /m)
          .slice(1)
          .map((chunk) => {
            const name = chunk.slice(0, chunk.indexOf('\n')).trim();
            const body = chunk.slice(chunk.indexOf('\n') + 1);
            const sql = withoutComments(body);
            const header = /^(?:\s*--.*\n)*/.exec(body)![0];
            const marker = /^\s*-- scope: *(\S+)\s*$/m.exec(header)?.[1];
            if (marker !== undefined && !isMarkedScope(marker)) throw new Error(`Data test ${name} (${layer}/${f}): unknown scope "${marker}" (known: ${MARKED_SCOPES.join(', ')})`);
            const scope: DataTest['scope'] = marker ?? 'all';
            return { test: name, file: `${layer}/${f}`, sql, scope };
          });
      }),
  );
  return withUniqueNames(tests);
}

/** The tests as given, once no two share a name: a test is known by it (the build's log, its failures, the bench's steps). */
export function withUniqueNames(tests: DataTest[]): DataTest[] {
  const seen = new Map<string, string>();
  for (const t of tests) {
    const first = seen.get(t.test);
    if (first !== undefined) throw new Error(`Data test ${t.test} is named twice (${first} and ${t.file}): each test needs a name of its own`);
    seen.set(t.test, t.file);
  }
  return tests;
}

/**
 * What the models read besides documents, hashed: the model and test SQL (every file under
 * analytics/models/). A build records it with the reference data's hash; an incremental
 * build may follow only a build with the same hashes.
 */
export function modelsHash(): string {
  const h = createHash('sha256');
  const walk = (dir: URL, prefix: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.isDirectory()) walk(new URL(`${e.name}/`, dir), `${prefix}${e.name}/`);
      else if (e.name.endsWith('.sql')) h.update(`${prefix}${e.name}\0`).update(readFileSync(new URL(e.name, dir))).update('\0');
    }
  };
  walk(modelsDir, '');
  return h.digest('hex');
}

interface BuildState {
  lastRun: number;
  modelsHash: string;
  referenceHash: string;
}

const stateSql = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

/**
 * The load's parsers (temp macros of the connection): the quarantine mart reads the
 * business date of a quarantined row's raw event_time exactly as the load would have read
 * it (models/marts/fct_quarantine_rows.sql). Loaded on the build's connection before any model.
 */
const loadParsers = (conn: DuckDBConnection) => runScript(conn, sqlFile(new URL('../ingest/sql/macros.sql', import.meta.url)));

/**
 * Rebuilds every model from all documents and runs every data test over everything, then
 * publishes the models in one transaction: readers see the previous figures until it
 * commits, and a build whose figures break a rule publishes nothing. It records which runs
 * the figures hold, for the incremental builds that follow.
 *
 * The models are first built, in the order of what they read (modelFiles), outside any
 * transaction (DuckDB scans a table written inside an open transaction on one thread only,
 * and the tests read the new marts several times): each table as a real table of the
 * warehouse under a staged name, X__next (stagedName), which a temp view X stands for on the
 * build's connection alone, and each view and macro as a temp object (the lexer rewrites each
 * CREATE of a model file, asStaged); the data tests run on them there. Publishing is then
 * metadata only, in one transaction: each published table is dropped and its staged one
 * renamed into its place (nothing copied: copying the marts was 2 of a 10 M-document
 * build's 22 CPU-seconds), and the views and macros are created by their statements as
 * written, in the same order; they find the tables by name. A build that fails drops its
 * staged tables; a process killed in the middle of one leaves them, and the next full build
 * drops them first (dropStaged). Readers read only the published names.
 * The caller holds the write lock, so no load changes the documents in between.
 */
export async function buildModels(db: Database): Promise<BuildResult> {
  const timer = new Timer();
  return db.withConnection(async (conn) => {
    try {
      return await fullBuild(db, conn, timer);
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      // the staged tables of a build that publishes nothing
      await dropStaged(conn, await currentDatabase(conn)).catch(() => undefined);
      throw err;
    }
  });
}

/**
 * Brings the figures up to date with the runs loaded since the last build, in one
 * transaction, at a cost that follows what those runs changed rather than the warehouse:
 * each mart fed by the documents gets, added to its rows, its own rows (the mart's *_of
 * macro) of the versions the runs set less those of the versions they replaced
 * (document_history), found by run_id and superseded_by_run; a row that reaches zero is
 * deleted (models/incremental/). The quarantine marts, small, it rebuilds whole (a run
 * resolves earlier entries wherever they are). The run-scoped data tests check those runs'
 * documents and keys, the global ones everything (marts_match_document_totals every mart's
 * totals against those the loads kept, migration 020); a
 * failure rolls the build back, and the next build covers these runs again.
 *
 * Several runs may have loaded since the last build (a failed build, several sources): it
 * covers every run after the last one the figures hold, up to the latest, whoever asks.
 * It does a full build instead when no build is recorded, when the models or the reference
 * data (units, milestones) changed since it, or when the incremental build fails for any
 * reason but a data test (a data test that fails would fail the full build too).
 */
export async function buildModelsIncremental(db: Database): Promise<BuildResult> {
  try {
    return await inBuildTransaction(db, async (conn, timer) => {
      const state = await timer.step('state', 'read', () => readState(conn));
      const hashes = await timer.step('state', 'hash', async () => ({ models: modelsHash(), reference: await referenceHash(conn) }));
      const reason = !state ? 'no earlier build is recorded'
        : state.modelsHash !== hashes.models ? 'the model SQL changed since the last build'
        : state.referenceHash !== hashes.reference ? 'the units or milestones changed since the last build'
        : undefined;
      if (!state || reason) throw new FullBuildNeeded(reason!);
      const last = await latestRun(conn);
      if (last <= state.lastRun) {
        return { kind: 'unchanged', runs: { first: state.lastRun + 1, last: state.lastRun }, models: [], tests: [], steps: timer.steps, ms: timer.elapsed() };
      }
      const range = { first_run: state.lastRun + 1, last_run: last };
      const scheduled = scheduledTests('incremental', range);
      const documents = startDocumentChecks(db, timer, scheduled);
      try {
        const models: string[] = [];
        await loadParsers(conn);
        for (const m of incrementalFiles()) {
          await timer.step('model', `${m.layer}/${m.name}`, async () => {
            try {
              await runScript(conn, m.sql, range);
            } catch (err) {
              throw new Error(`Model ${m.layer}/${m.name} failed: ${(err as Error).message}`);
            }
          });
          models.push(`${m.layer}/${m.name}`);
        }
        const tests = await runDataTests(conn, timer, scheduled, documents);
        await timer.step('state', 'record', () => recordState(conn, 'incremental', range.first_run, last, hashes, timer.elapsed()));
        return { kind: 'incremental', runs: { first: range.first_run, last }, documentRuns: { first: range.first_run, last }, models, tests, steps: timer.steps, ms: timer.elapsed() };
      } finally {
        await documents.settled;
      }
    });
  } catch (err) {
    if (err instanceof DataTestFailure) throw err;
    if (err instanceof FullBuildNeeded) return { ...(await buildModels(db)), reason: err.message };
    const full = await buildModels(db);
    return { ...full, reason: `the incremental build failed (${(err as Error).message.split('\n')[0]}), so a full one was done` };
  }
}

/** One line for the logs: what a build did, for which runs, how long it took. */
export function describeBuild(r: BuildResult): string {
  const tests = `${r.tests.length} data tests passed`;
  if (r.kind === 'unchanged') return `models already up to date with run ${r.runs.last}`;
  if (r.kind === 'incremental') {
    const runs = r.runs.first === r.runs.last ? `run ${r.runs.first}` : `runs ${r.runs.first}–${r.runs.last}`;
    return `models brought up to date with ${runs} (incremental) in ${r.ms} ms; ${tests}`;
  }
  return `models rebuilt${r.reason ? ` (full: ${r.reason})` : ''} in ${r.ms} ms; ${tests}`;
}

class Timer {
  readonly steps: StepTiming[] = [];
  readonly #started = performance.now();
  readonly #cpuStarted = process.cpuUsage();

  elapsed(): number {
    return Math.round(performance.now() - this.#started);
  }

  /** CPU time of the whole process since the build started */
  cpu(): number {
    const c = process.cpuUsage(this.#cpuStarted);
    return Math.round((c.user + c.system) / 1000);
  }

  async step<T>(kind: StepTiming['kind'], name: string, fn: () => Promise<T>, alongside = false): Promise<T> {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      return await fn();
    } finally {
      const c = process.cpuUsage(c0);
      this.steps.push({ kind, name, ms: Math.round((performance.now() - t0) * 10) / 10, cpuMs: Math.round((c.user + c.system) / 100) / 10, ...(alongside ? { alongside: true as const } : {}) });
    }
  }
}

async function inBuildTransaction(db: Database, body: (conn: DuckDBConnection, timer: Timer) => Promise<BuildResult>): Promise<BuildResult> {
  const timer = new Timer();
  return db.withConnection(async (conn) => {
    await conn.run('BEGIN TRANSACTION');
    try {
      const result = await body(conn, timer);
      await timer.step('state', 'commit', () => conn.run('COMMIT'));
      return { ...result, steps: timer.steps, ms: timer.elapsed(), cpuMs: timer.cpu() };
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}

async function fullBuild(db: Database, conn: DuckDBConnection, timer: Timer): Promise<BuildResult> {
  const last = await latestRun(conn);
  const hashes = await timer.step('state', 'hash', async () => ({ models: modelsHash(), reference: await referenceHash(conn) }));
  const checked = await timer.step('state', 'documents checked', () => documentsChecked(conn, hashes));
  // every run when no build checked any under these tests (first_run 0: no earlier-row lookup)
  const documentRange = checked === undefined ? EVERY_RUN : { first_run: checked + 1, last_run: last };
  const scheduled = scheduledTests('full', EVERY_RUN, documentRange);
  const documents = startDocumentChecks(db, timer, scheduled);
  try {
    return await buildAndPublish(conn, timer, { last, hashes, checked, scheduled, documents });
  } finally {
    await documents.settled;
  }
}

/** The full build once its documents' checks have started (fullBuild): the models, the other tests, publishing. */
async function buildAndPublish(conn: DuckDBConnection, timer: Timer, o: {
  last: number; hashes: { models: string; reference: string }; checked: number | undefined; scheduled: ScheduledTest[]; documents: DocumentChecks;
}): Promise<BuildResult> {
  const { last, hashes, checked } = o;
  const home = await currentDatabase(conn);
  const models: { name: string; sql: string; defines: Definition[] }[] = [];
  await loadParsers(conn);
  await timer.step('state', 'clean', () => dropStaged(conn, home));
  for (const { model: m, defines } of orderedModels()) {
    const name = `${m.layer}/${m.name}`;
    const statements = await conn.extractStatements(m.sql);
    if (statements.count !== defines.length || defines.some((d) => d.temporary)) {
      throw new Error(`Model ${name}: a model file may only create or replace tables, views and macros, one in each statement`);
    }
    // each table staged, and a temp view of it under its own name right after it: what reads
    // the table on this connection (the statements after it, the models and tests after
    // this one) reads the new one
    const sql = asStaged(m.sql, (t) => stagedName(home, t), (t) => `CREATE TEMP VIEW ${quoteIdent(t)} AS FROM ${stagedName(home, t)}`);
    await timer.step('model', name, async () => {
      try {
        await runScript(conn, sql);
      } catch (err) {
        throw new Error(`Model ${name} failed: ${(err as Error).message}`);
      }
    });
    models.push({ name, sql: m.sql, defines });
  }
  const tests = await runDataTests(conn, timer, o.scheduled, o.documents);
  await conn.run('BEGIN TRANSACTION');
  await timer.step('state', 'publish', async () => {
    for (const m of models) {
      // (DuckDB prepares an extracted statement once: the file as written is extracted here)
      const statements = m.defines.some((d) => d.kind !== 'table') ? await conn.extractStatements(m.sql) : undefined;
      for (const [i, d] of m.defines.entries()) {
        // a table: the staged one takes the published one's place, by its name alone (its
        // rows, in their order, are not copied); the temp view that stood for it on this
        // connection goes, so that the name finds the published table again. A view or
        // macro is created by its statement as written (views and macros find the tables by name).
        if (d.kind === 'table') {
          await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(home)}.main.${quoteIdent(d.name)}`);
          await conn.run(`ALTER TABLE ${stagedName(home, d.name)} RENAME TO ${quoteIdent(d.name)}`);
          await conn.run(`DROP VIEW temp.main.${quoteIdent(d.name)}`);
        } else await runPrepared(statements!, i);
      }
    }
  });
  await timer.step('state', 'record', () => recordState(conn, 'full', null, last, hashes, timer.elapsed()));
  await timer.step('state', 'commit', () => conn.run('COMMIT'));
  const documentRuns = { first: checked === undefined ? 1 : checked + 1, last };
  return { kind: 'full', runs: { first: 1, last }, documentRuns, models: models.map((m) => m.name), tests, steps: timer.steps, ms: timer.elapsed(), cpuMs: timer.cpu() };
}

/**
 * The name a full build stages a table under, until it publishes it: X__next, a real table
 * of the warehouse (a temp table is written to the database file only when it is copied,
 * and a table written inside an open transaction is scanned on one thread). The suffix is
 * the build's: a table so named is a leftover of a build that failed or was killed, and
 * the next full build drops it (dropStaged).
 */
const STAGED_SUFFIX = '__next';
const stagedName = (home: string, table: string) => `${quoteIdent(home)}.main.${quoteIdent(`${table}${STAGED_SUFFIX}`)}`;

async function currentDatabase(conn: DuckDBConnection): Promise<string> {
  return String((await conn.runAndReadAll(`SELECT current_database() AS d`)).getRowObjectsJS()[0]?.['d']);
}

/** Drops the staged tables a build left (one that failed, or a process killed in the middle of one). */
async function dropStaged(conn: DuckDBConnection, home: string): Promise<void> {
  const rows = await readRows<{ name: string }>(conn, stateSql('staged-tables'), { home, suffix: STAGED_SUFFIX });
  for (const { name } of rows) await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(home)}.main.${quoteIdent(name)}`);
}

/** Prepares statement i of a model file (binding its names where the connection is now) and runs it; models take no parameters. */
async function runPrepared(statements: DuckDBExtractedStatements, i: number): Promise<void> {
  const prepared = await statements.prepare(i);
  try {
    bindNamed(prepared, {});
    await prepared.run();
  } finally {
    prepared.destroySync();
  }
}

/** An incremental build that finds it must be a full one (the reason is the message). */
class FullBuildNeeded extends Error {}

type RunRange = { first_run: number; last_run: number };

/** A data test as a build runs it: with the parameters that build gives it. */
interface ScheduledTest {
  test: DataTest;
  params: Record<string, number>;
}

/**
 * The data tests a build runs, in the order of dataTests(): a test marked for one kind of
 * build in that kind only. range: what the `run` tests check; documentRange: what the
 * `documents` tests check (range when not given).
 */
function scheduledTests(build: 'full' | 'incremental', range: RunRange, documentRange: RunRange = range): ScheduledTest[] {
  return dataTests()
    .filter((t) => !((t.scope === 'full' || t.scope === 'incremental') && t.scope !== build))
    .map((test) => ({ test, params: test.scope === 'run' ? range : test.scope === 'documents' ? documentRange : {} }));
}

/** The documents' own checks, running on a connection of their own (startDocumentChecks). */
interface DocumentChecks {
  /** the tests, in the order of their results */
  scheduled: ScheduledTest[];
  results: Promise<DataTestResult[]>;
  /** resolves once they have ended, whatever their outcome */
  settled: Promise<void>;
}

/**
 * Starts the documents' own checks (`-- scope: documents`) on a connection of their own,
 * to run while the build's connection builds the models and runs the other tests. They read
 * only `documents` and `units`: loads commit those, a build changes neither, and the caller
 * holds the write lock, so both connections see the same documents. The build's connection
 * runs most of an incremental build's statements on one thread (a few thousand rows each),
 * so the second core checks the documents meanwhile (10 M documents, a day: about 70 ms of
 * its 0.46 s). The build waits for them before it commits or publishes (runDataTests), and a
 * failure fails it like any other test's; it returns or fails only once they have ended.
 */
function startDocumentChecks(db: Database, timer: Timer, scheduled: ScheduledTest[]): DocumentChecks {
  const own = scheduled.filter((s) => s.test.scope === 'documents');
  const results = own.length === 0 ? Promise.resolve([]) : db.withConnection((c) => runTests(c, timer, own, true));
  const settled = results.then(() => undefined, () => undefined);
  return { scheduled: own, results, settled };
}

/**
 * Runs the build's data tests: on conn those that are not the documents' own, then waits
 * for those (startDocumentChecks). The results are in the order of scheduled; a test that
 * failed fails the build (DataTestFailure), after every test has run.
 */
async function runDataTests(conn: DuckDBConnection, timer: Timer, scheduled: ScheduledTest[], documents: DocumentChecks): Promise<DataTestResult[]> {
  const others = scheduled.filter((s) => s.test.scope !== 'documents');
  const here = await runTests(conn, timer, others);
  const there = await documents.results;
  // each result back in its test's place (runTests answers in the order it was given)
  const byTest = new Map<ScheduledTest, DataTestResult>([
    ...others.map((s, i): [ScheduledTest, DataTestResult] => [s, here[i]!]),
    ...documents.scheduled.map((s, i): [ScheduledTest, DataTestResult] => [s, there[i]!]),
  ]);
  const tests = scheduled.map((s) => {
    const r = byTest.get(s);
    if (!r) throw new Error(`Internal error: data test ${s.test.test} (${s.test.file}) has no result`);
    return r;
  });
  const failed = tests.filter((t) => t.failures > 0);
  if (failed.length > 0) throw new DataTestFailure(failed);
  return tests;
}

async function runTests(conn: DuckDBConnection, timer: Timer, scheduled: ScheduledTest[], alongside = false): Promise<DataTestResult[]> {
  const tests: DataTestResult[] = [];
  for (const { test: t, params } of scheduled) {
    const t0 = performance.now();
    const rows = await timer.step('test', t.test, () => testRows(conn, t, `SELECT * FROM (${t.sql}) LIMIT 5`, params), alongside);
    const failures = rows.length === 0 ? 0 : Number((await testRows(conn, t, `SELECT count(*)::BIGINT AS n FROM (${t.sql})`, params))[0]?.['n']);
    tests.push({ test: t.test, file: t.file, scope: t.scope, failures, sample: rows, ms: Math.round((performance.now() - t0) * 10) / 10 });
  }
  return tests;
}

/**
 * Runs a data test's query with the parameters it names: a run-scoped test names
 * $first_run and $last_run and no other, any other test none. The names are DuckDB's, from
 * the test prepared once per process; a test without parameters then runs directly, which
 * DuckDB plans for the data at hand (see runScript).
 */
async function testRows(conn: DuckDBConnection, t: DataTest, sql: string, params: Record<string, number>): Promise<Record<string, unknown>[]> {
  let names = testParameters.get(sql);
  if (!names) {
    const prepared = await conn.prepare(sql);
    try {
      names = [...new Set(parameterNames(prepared))];
    } finally {
      prepared.destroySync();
    }
    const byRuns = t.scope === 'run' || t.scope === 'documents';
    if (byRuns && !(names.includes('first_run') && names.includes('last_run') && names.length === 2)) {
      throw new Error(`Data test ${t.test} (${t.file}) is scoped to runs: it must use $first_run and $last_run, and no other parameter`);
    }
    if (!byRuns && names.length > 0) {
      throw new Error(`Data test ${t.test} (${t.file}) takes parameters (${names.map((p) => `$${p}`).join(', ')}) but is not marked -- scope: run or documents`);
    }
    testParameters.set(sql, names);
  }
  if (names.length === 0) return (await conn.runAndReadAll(sql)).getRowObjectsJS();
  return readRows(conn, sql, params);
}

/** The parameters of each data test's query, as DuckDB named them (the .sql files do not change while the process runs). */
const testParameters = new Map<string, string[]>();

async function latestRun(conn: DuckDBConnection): Promise<number> {
  return Number((await conn.runAndReadAll(`SELECT coalesce(max(run_id), 0)::BIGINT AS n FROM ingest_runs`)).getRowObjectsJS()[0]?.['n'] ?? 0);
}

async function referenceHash(conn: DuckDBConnection): Promise<string> {
  return String((await conn.runAndReadAll(stateSql('reference-hash'))).getRowObjectsJS()[0]?.['hash']);
}

/** The last run whose documents earlier builds checked under these tests and registry (documents-checked.sql), if any. */
async function documentsChecked(conn: DuckDBConnection, hashes: { models: string; reference: string }): Promise<number | undefined> {
  const row = (await readRows<{ last_run: bigint | number }>(conn, stateSql('documents-checked'), { models_hash: hashes.models, reference_hash: hashes.reference }))[0];
  return row === undefined ? undefined : Number(row.last_run);
}

async function readState(conn: DuckDBConnection): Promise<BuildState | undefined> {
  const row = (await conn.runAndReadAll(stateSql('model-builds-last'))).getRowObjectsJS()[0];
  if (!row) return undefined;
  return { lastRun: Number(row['last_run']), modelsHash: String(row['models_hash']), referenceHash: String(row['reference_hash']) };
}

async function recordState(conn: DuckDBConnection, kind: 'full' | 'incremental', first: number | null, last: number, hashes: { models: string; reference: string }, ms: number): Promise<void> {
  await runScript(conn, stateSql('model-builds-insert'), {
    kind, first_run: first, last_run: last, models_hash: hashes.models, reference_hash: hashes.reference, ms,
  });
}
