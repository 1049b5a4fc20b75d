import { LIST, listValue, VARCHAR, type DuckDBConnection, type DuckDBListValue, type DuckDBType } from '@duckdb/node-api';
import { rm } from 'node:fs/promises';
import { quoteIdent, quoteLiteral, readRows, runScript, runStatements, sqlFile } from '../warehouse/sql.ts';
import type { SourceMapping } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { redactText } from '../redact.ts';
import { stageArchive, type StagedArchive } from './archive.ts';
import { parallelReaderRefusal, readCsv, strictModeFailure } from './formats/csv.ts';
import { prepareCsvText, type TextEncoding } from './formats/encoding.ts';
import { readJson } from './formats/json.ts';
import { detectFormat } from './formats/sniff.ts';
import type { ExportFormat, InputFile, ReadResult, Reader } from './formats/types.ts';
import { readXlsx } from './formats/xlsx.ts';
import { CANONICAL_FIELDS, CANONICAL_VALUES, CODED_FIELDS } from './mapping/canonical.ts';
import { CHECKBOX_MARKS, EMPTY_RULE_FIELDS, NOTES } from './mapping/field-rules.ts';
import { planColumns, valueMapRows } from './mapping/resolve.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));
const READERS: Record<ExportFormat, Reader> = { csv: readCsv, xlsx: readXlsx, json: readJson };
const MIN_DATE = '2000-01-01';

export interface LoadFile {
  path: string;
  /** what users call it: the file name or the request URL */
  name: string;
  /** file name or content type, when the content alone is ambiguous */
  formatHint?: string;
  /** the number of records the sender says it sent (HTTP sources): a shorter body fails the run */
  expectedRows?: number;
  /** take the file into the archive instead of copying it */
  move?: boolean;
  /**
   * the watermark from which the source can be pulled again once this file and every file
   * before it in the run have loaded (an HTTP page's X-Page-Watermark)
   */
  resumeFrom?: string;
}

export interface LoadRequest {
  sourceId: string;
  trigger: 'cli' | 'schedule' | 'manual' | 'demo' | 'test';
  files: LoadFile[];
  mapping?: SourceMapping;
  /**
   * the source's incremental watermark, advanced in the same transaction as the data; it
   * stops before the first quarantined row (see nextWatermark)
   */
  watermark?: { before: string | null; after: string | null };
  /** the load's clock: rows dated after it (plus a day of clock skew) are implausible */
  now?: Date;
  onProgress?: (message: string) => void;
  /**
   * what happened before the run took the write lock and so its id, said on the run's
   * first log line (an HTTP source's download: pages, requests, retries, time)
   */
  before?: Record<string, unknown>;
}

export interface FileSummary {
  seq: number;
  name: string;
  format: ExportFormat;
  sha256: string;
  bytes: number;
  received: number;
  loaded: number;
  updated: number;
  unchanged: number;
  quarantined: number;
}

export interface RunSummary {
  runId: number;
  sourceId: string;
  status: 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string;
  received: number;
  loaded: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  files: FileSummary[];
  error?: string;
  /** what an upstream server answered to a failed request, redacted: for administrators only */
  errorDetail?: string;
}

/**
 * Loads one run's exports into the warehouse atomically: everything the run does (new and
 * updated documents, their history, quarantined rows, the run log, the source's watermark)
 * commits together or not at all, so a crash or kill mid-load leaves the database as it
 * was. A run that fails is logged, with its error, after the rollback.
 *
 * The run's id is taken when it takes the write lock, before it reads anything, and every
 * line it logs carries it (runId): ids follow the order in which runs commit, which the
 * incremental model build relies on (models/incremental/changes.sql), and only the holder of the lock
 * writes the run log.
 */
export async function loadRun(ctx: Warehouse, req: LoadRequest): Promise<RunSummary> {
  return ctx.lock.run(async () => {
    const startedAt = new Date();
    const files: RunFile[] = [];
    const temps: string[] = [];
    const archives: StagedArchive[] = [];
    try {
      return await ctx.db.withConnection(async (conn) => withMemoryLimit(conn, ctx.loadMemoryMb, async () => {
        const runId = await nextRunId(conn);
        const log = runLog(ctx.log, runId, req);
        log.info({ trigger: req.trigger, files: req.files.map((f) => f.name), ...req.before }, 'load run started');
        const report = req.onProgress;
        req = { ...req, onProgress: (m) => {
          log.debug(m);
          report?.(m);
        } };
        try {
          for (const [i, f] of req.files.entries()) {
            const format = await detectFormat(f.path, `File "${f.name}"`, f.formatHint ?? f.name);
            // hashed while the load reads it (archive.ts); named by its hash before the merge (archived)
            const archive = await stageArchive(ctx.archiveDir, f.path, { move: f.move, ext: `.${format}` });
            archives.push(archive);
            // a CSV in another encoding is read from a UTF-8 copy beside the archived original
            const text = format === 'csv' ? await prepareCsvText(archive.path, `File "${f.name}"`, req.onProgress) : undefined;
            if (text?.temp) temps.push(text.temp);
            files.push({
              seq: i + 1, path: text?.path ?? archive.path, archivePath: archive.path, archive, name: f.name, format, sha256: '', bytes: archive.bytes,
              ...(text && text.encoding !== 'utf-8' ? { encoding: text.encoding } : {}),
              ...(f.expectedRows !== undefined ? { expectedRows: f.expectedRows } : {}),
            });
          }
          for (;;) {
            try {
              return finished(log, startedAt, await loadInTransaction(conn, req, files, startedAt, runId));
            } catch (err) {
              await conn.run('ROLLBACK').catch(() => undefined);
              // DuckDB's parallel reader refuses a CSV file with line breaks in quoted fields:
              // read that one on one thread and try again
              const parallel = files.find((f) => f.format === 'csv' && !f.sequential && parallelReaderRefusal(err, f.path));
              if (parallel) {
                parallel.sequential = true;
                req.onProgress?.(`reading ${parallel.name} again on one thread (a quoted field holds a line break)`);
                continue;
              }
              // DuckDB cannot read some CSV files strictly at all: read that one leniently and try again
              const strict = files.find((f) => f.format === 'csv' && !f.lenient && strictModeFailure(err, f.path));
              if (!strict) throw err;
              strict.lenient = true;
              req.onProgress?.(`reading ${strict.name} again without strict CSV rules`);
            }
          }
        } catch (err) {
          await conn.run('ROLLBACK').catch(() => undefined);
          return finished(log, startedAt, await logFailure(conn, req, startedAt, runId, describe(err, files)));
        }
      }));
    } finally {
      for (const t of temps) await rm(t, { force: true });
      // a run that failed keeps its files in the archive too, named by their hash
      for (const a of archives) await a.finish().catch(() => undefined);
    }
  });
}

/**
 * Reads every document once, that the first load after a start finds them in DuckDB's
 * buffer pool (ingest/sql/documents-warm.sql says why); changes nothing.
 */
export async function warmDocuments(db: Warehouse['db']): Promise<void> {
  await db.all(q('documents-warm'));
}

/**
 * Runs fn under DuckDB's memory limit of `mb` MiB (LOAD_MEMORY_MB), then puts the limit back
 * as it was. The limit is the database's (DuckDB has no per-connection one), and a load holds
 * the write lock: what else runs meanwhile is reads, which need little. Over the limit, the
 * load's temp tables (the typed rows of the run) spill to the database's temp directory
 * (<db>.tmp) instead of growing in memory: 10 M rows took 3.0–3.6 GiB without it.
 */
async function withMemoryLimit<T>(conn: DuckDBConnection, mb: number | undefined, fn: () => Promise<T>): Promise<T> {
  if (!mb) return fn();
  // (the database sets no limit of its own, warehouse/database.ts: RESET gives DuckDB's
  // default back exactly, where reading current_setting and setting it again would round it)
  await conn.run(`SET memory_limit = '${Math.round(mb)}MiB'`);
  try {
    return await fn();
  } finally {
    await conn.run('RESET memory_limit');
  }
}

type RunFile = InputFile & {
  /** the archived original (path may be a UTF-8 copy of it); its name by its hash once `archived` has run */
  archivePath: string;
  archive: StagedArchive;
  /** the text encoding it was read in, when not UTF-8 */
  encoding?: TextEncoding;
  sha256: string;
  bytes: number;
  expectedRows?: number;
};

/** The log of one run: every line with its run id and source. */
function runLog(log: Logger, runId: number, req: Pick<LoadRequest, 'sourceId'>): Logger {
  return log.child({ runId, source: req.sourceId });
}

/** The run's last line: what it did, or why it failed (the error as the run log has it: redacted). */
function finished(log: Logger, startedAt: Date, r: RunSummary): RunSummary {
  const ms = Date.now() - startedAt.getTime();
  if (r.status === 'succeeded') {
    log.info({ status: r.status, received: r.received, loaded: r.loaded, updated: r.updated, unchanged: r.unchanged, quarantined: r.quarantined, ms }, 'load run finished');
  } else {
    log.error({ status: r.status, error: r.error, ms }, 'load run failed');
  }
  return r;
}

async function loadInTransaction(conn: DuckDBConnection, req: LoadRequest, files: RunFile[], startedAt: Date, runId: number): Promise<RunSummary> {
  const progress = req.onProgress ?? (() => undefined);
  // The run's rows are read and typed outside the transaction, into temp tables of this
  // connection (nobody else sees them; they go with it): DuckDB scans a table written
  // inside an open transaction on one thread only, and the temp tables are the big ones.
  await runScript(conn, q('macros'));
  await runScript(conn, q('run-temps'));
  await runScript(conn, q('staged-rows'));
  await runScript(conn, q('unit-code-type'));
  const normaliseParams = {
    now: startedAt.toISOString(), min_date: MIN_DATE, ...spellingParams(req.mapping), ...emptyRuleParams(req.mapping),
  };

  // Row numbers of CSV files follow from the order DuckDB keeps (see normalise.sql)
  const ordered = (await conn.runAndReadAll(`SELECT current_setting('preserve_insertion_order') AS on`)).getRowObjectsJS()[0]?.['on'];
  if (ordered !== true) throw new Error('Internal error: DuckDB setting preserve_insertion_order is off; the load needs it to number rows by their place in the file');
  const positions: string[] = [];
  const checkboxFiles: number[] = [];
  for (const file of files) {
    const label = `reading ${file.name}`;
    progress(`${label} (${file.format}, ${formatBytes(file.bytes)})`);
    await runScript(conn, q('batch-file-insert'), { file_seq: file.seq, name: file.name });
    const result = await READERS[file.format](conn, file, (headers) => planColumns(headers, req.mapping, `File "${file.name}"`));
    await conn.run(mappedView(file.seq, result));
    await conn.run(`CREATE OR REPLACE TEMP VIEW raw_batch AS SELECT * FROM raw_${file.seq}`);
    await withProgress(conn, progress, label, () => runScript(conn, q('normalise'), normaliseParams, LIST_TYPES));
    // where the file's rows sit, and whether its signed column is a checkbox column: one scan of them
    const span = (await readRows(conn, q('staged-span'), { file_seq: file.seq, strict_signed: normaliseParams.strict_signed }))[0]!;
    if (span['checkbox'] === true) checkboxFiles.push(file.seq);
    if (span['contiguous'] !== true) throw new Error(`Internal error: the rows read from ${file.name} are not stored contiguously`);
    const firstRowid = BigInt(String(span['first']));
    if (result.positional) positions.push(`WHEN ${file.seq} THEN rowid - ${firstRowid} + 2`);
    await result.afterScan?.(conn, firstRowid);
  }
  // row_no as stored, else from the row's position among its file's rows (a positional reader)
  const rowNo = positions.length === 0 ? 'row_no' : `coalesce(row_no, CASE file_seq ${positions.join(' ')} END)`;
  // an empty cell of a checkbox column is "no", without a note (staged-span.sql)
  const unticked = `signed IS NULL AND signed_mark IS NULL AND file_seq IN (${checkboxFiles.join(', ')})`;
  const checkboxColumns = checkboxFiles.length === 0 ? '' : `, CASE WHEN ${unticked} THEN false ELSE signed END AS signed,
    CASE WHEN ${unticked} THEN list_filter(notes, x -> x.code <> ${quoteLiteral(NOTES.signedEmpty.code)}) ELSE notes END AS notes`;
  await conn.run(`CREATE OR REPLACE TEMP VIEW staged AS SELECT * REPLACE (${rowNo}::BIGINT AS row_no${checkboxColumns}) FROM staged_rows`);

  await archived(files);

  progress('merging into the warehouse');
  await conn.run('BEGIN TRANSACTION');
  await expectRunId(conn, runId);
  await runScript(conn, q('merge-classify'));
  const perFile = (await conn.runAndReadAll(q('merge-counts'))).getRowObjectsJS();
  const summaries: FileSummary[] = files.map((f) => {
    const c = perFile.find((r) => r['file_seq'] === f.seq) ?? {};
    const n = (k: string) => Number(c[k] ?? 0);
    return { seq: f.seq, name: f.name, format: f.format, sha256: f.sha256, bytes: f.bytes, received: n('received'), loaded: n('loaded'), updated: n('updated'), unchanged: n('unchanged'), quarantined: n('quarantined') };
  });
  for (const [i, f] of files.entries()) {
    const s = summaries[i]!;
    if (f.expectedRows !== undefined && s.received !== f.expectedRows) {
      throw new AppError(422, 'truncated_export', `${f.name}: the sender announced ${f.expectedRows} rows but the body holds ${s.received}; the response was cut short, nothing from this run is kept.`);
    }
    if (s.received !== s.loaded + s.updated + s.unchanged + s.quarantined) {
      throw new Error(`Internal accounting error in ${f.name}: ${JSON.stringify(s)}`);
    }
  }
  // Safety nets: documents loses exactly the rows replaced, each with its earlier version
  // kept, and gains exactly the rows counted loaded or updated (by the rows each statement of
  // merge-apply.sql changed, as DuckDB counts them: what a count of documents before and
  // after told, without two scans of its 10 M rows); and no document of the run's keys is
  // there twice (merge-check.sql)
  const replaced = Number((await readRows(conn, q('merge-replaced')))[0]?.['n']);
  const applied = await runStatements(conn, q('merge-apply'), { run_id: runId, source_id: req.sourceId });
  if (applied.length !== 4) throw new Error(`Internal error: merge-apply.sql has ${applied.length} statements, not the 4 the load checks`);
  const [history, deleted, inserted] = applied as [number, number, number, number];
  const expected = summaries.reduce((n, s) => n + s.loaded + s.updated, 0);
  if (history !== replaced || deleted !== replaced || inserted !== expected) {
    throw new Error(`Internal error: the load would leave the documents changed by ${inserted - deleted}, not ${expected - replaced}: it would delete ${deleted} documents and keep ${history} earlier versions where ${replaced} are replaced, and insert ${inserted} where ${expected} are loaded or updated`);
  }
  // the documents' totals the incremental build checks the marts against (merge-totals.sql)
  await runScript(conn, q('merge-totals'), { run_id: runId });
  const dup = await readRows(conn, q('merge-check'));
  if (dup.length > 0) throw new Error(`Internal error: the load would leave ${dup.length} duplicated documents, e.g. ${JSON.stringify(dup[0])}`);

  const total = sum(summaries);
  const watermarkAfter = nextWatermark(req, summaries);
  if (req.watermark && watermarkAfter !== req.watermark.after) {
    progress(`watermark stops at ${watermarkAfter ?? 'the start'}: ${total.quarantined} quarantined row(s) will be fetched again`);
  }
  const finishedAt = new Date();
  await conn.run(q('run-log-insert'), {
    run_id: runId, source_id: req.sourceId, trigger: req.trigger, started_at: startedAt.toISOString(), finished_at: finishedAt.toISOString(),
    status: 'succeeded', files: files.length, received: total.received, loaded: total.loaded, updated: total.updated,
    unchanged: total.unchanged, quarantined: total.quarantined, error: null, error_detail: null,
    watermark_before: req.watermark?.before ?? null, watermark_after: watermarkAfter,
  });
  for (const [i, f] of files.entries()) {
    const s = summaries[i]!;
    await runScript(conn, q('ingest-file-insert'), {
      run_id: runId, file_seq: f.seq, name: f.name, format: f.format, sha256: f.sha256, bytes: f.bytes, archive_path: f.archivePath,
      received: s.received, quarantined: s.quarantined, encoding: f.encoding ?? null,
    });
  }
  await runScript(conn, q('source-state-success'), {
    source_id: req.sourceId, run_id: runId, at: finishedAt.toISOString(), watermark: watermarkAfter,
    has_watermark: req.watermark !== undefined, loaded: total.loaded + total.updated,
  });
  await conn.run('COMMIT');
  return { runId, sourceId: req.sourceId, status: 'succeeded', startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), ...total, files: summaries };
}

/**
 * Waits for the SHA-256 of each file of the run, hashed while it was read (stageArchive),
 * and names its archived copy by it: every read of the files is done.
 */
async function archived(files: RunFile[]): Promise<void> {
  for (const f of files) {
    const a = await f.archive.finish();
    if (f.path === f.archivePath) f.path = a.path;
    f.archivePath = a.path;
    f.sha256 = a.sha256;
  }
}

/**
 * Where a successful run leaves the source's watermark. A watermark is a cursor into the
 * source's change stream: once it has passed a row, that row is served again only if the
 * source system changes it. A quarantined row is usually unchanged in the source system
 * (the export garbled it, or our registry lacks its unit), so moving past it would lose it
 * for good. The watermark therefore stops before the first file with a quarantined row: at
 * the resume point of the file before it when the source names one (X-Page-Watermark),
 * else where the run started. The next run fetches those rows again until they load.
 */
function nextWatermark(req: LoadRequest, files: readonly FileSummary[]): string | null {
  if (!req.watermark) return null;
  const first = files.findIndex((f) => f.quarantined > 0);
  if (first < 0) return req.watermark.after;
  return (first > 0 ? req.files[first - 1]?.resumeFrom : undefined) ?? req.watermark.before;
}

/** The lists normalise.sql is given: typed, as an empty one (a registry without units) has no type of its own. */
const LIST_TYPES: Record<string, DuckDBType> = Object.fromEntries(
  ['checkbox_marks', ...CODED_FIELDS.flatMap((f) => [`${f}_keys`, `${f}_values`])].map((name) => [name, LIST(VARCHAR)]),
);

/**
 * What empty values mean for normalise.sql (ingest/mapping/field-rules.ts): whether the
 * source's mapping makes an empty security, channel or signed an error (`$strict_<field>`),
 * the notes kept otherwise (`$note_<field>` and `$note_<field>_code`), and the checkbox marks.
 */
function emptyRuleParams(mapping: SourceMapping | undefined) {
  const strict = new Set(mapping?.emptyIsError ?? []);
  const flags = Object.fromEntries(EMPTY_RULE_FIELDS.map((f) => [`strict_${f}`, strict.has(f)])) as Record<`strict_${(typeof EMPTY_RULE_FIELDS)[number]}`, boolean>;
  return {
    ...flags,
    checkbox_marks: listValue([...CHECKBOX_MARKS]),
    note_security: NOTES.securityEmpty.message, note_security_code: NOTES.securityEmpty.code,
    note_channel: NOTES.channelEmpty.message, note_channel_code: NOTES.channelEmpty.code,
    note_signed: NOTES.signedEmpty.message, note_signed_code: NOTES.signedEmpty.code,
    note_channel_in: NOTES.channelEmptyIn.message, note_channel_in_code: NOTES.channelEmptyIn.code,
    note_processed: NOTES.processedEmpty.message, note_processed_code: NOTES.processedEmpty.code,
  };
}

/**
 * The accepted spellings of each coded field as two parallel lists for normalise.sql
 * (`$direction_keys`, `$direction_values`, …), and whether each canonical spelling means
 * itself (`$direction_canonical`: a source's mapping could say otherwise).
 */
function spellingParams(mapping: SourceMapping | undefined): Record<string, DuckDBListValue | boolean> {
  const out: Record<string, DuckDBListValue | boolean> = {};
  const rows = valueMapRows(mapping);
  for (const field of CODED_FIELDS) {
    const own = rows.filter((r) => r.field === field);
    out[`${field}_keys`] = listValue(own.map((r) => r.spelling));
    out[`${field}_values`] = listValue(own.map((r) => r.value));
    out[`${field}_canonical`] = CANONICAL_VALUES[field].every((v) => own.some((r) => r.spelling === v && r.value === v));
  }
  return out;
}

/**
 * The canonical columns of one file, from its own headers or the mapping's defaults: text
 * as received but trimmed, and NULL when empty (normalise.sql relies on both).
 */
function mappedView(seq: number, r: ReadResult): string {
  const cols = CANONICAL_FIELDS.map((field) => {
    const sources = (r.plan.sources[field] ?? []).map((h) => trimmedText(quoteIdent(h)));
    const fallback = r.plan.defaults[field]?.trim();
    if (fallback) sources.push(quoteLiteral(fallback));
    const expr = sources.length === 0 ? 'NULL' : sources.length === 1 ? sources[0] : `coalesce(${sources.join(', ')})`;
    return `${expr}::VARCHAR AS ${field}`;
  });
  // whether the file carries processed_electronic at all: without the column the processed
  // rate of its documents is null (not recorded), with it an empty cell counts as "no"
  const processed = (r.plan.sources.processed_electronic ?? []).length > 0 || Boolean(r.plan.defaults.processed_electronic?.trim());
  cols.push(`${processed}::BOOLEAN AS processed_electronic_present`);
  return `CREATE OR REPLACE TEMP VIEW raw_${seq} AS SELECT ${seq}::INTEGER AS file_seq, row_no::BIGINT AS row_no, row_error::VARCHAR AS row_error, ${cols.join(', ')} FROM ${r.relation}`;
}

/**
 * A column's text trimmed of spaces, NULL when empty. Most values have nothing to trim, and
 * looking at both ends is far cheaper than trim(), which copies every value (12 columns of
 * 10 M rows).
 */
function trimmedText(column: string): string {
  return `CASE WHEN ${column} = '' THEN NULL WHEN starts_with(${column}, ' ') OR ends_with(${column}, ' ') THEN nullif(trim(${column}), '') ELSE ${column} END`;
}

async function nextRunId(conn: DuckDBConnection): Promise<number> {
  return Number((await readRows(conn, q('run-next-id')))[0]?.['id']);
}

/** The id taken at the start of the run is still the next one: only the lock's holder writes the run log. */
async function expectRunId(conn: DuckDBConnection, runId: number): Promise<void> {
  const next = await nextRunId(conn);
  if (next !== runId) throw new Error(`Internal error: run ${runId} finds the next run id is ${next}; another writer wrote the run log without the write lock`);
}

async function logFailure(conn: DuckDBConnection, req: LoadRequest, startedAt: Date, runId: number, message: string, detail?: string): Promise<RunSummary> {
  const finishedAt = new Date();
  // the one way into the run log and the source's state: no URL in it keeps its secrets
  const error = redactText(message);
  const errorDetail = detail === undefined ? null : redactText(detail);
  await conn.run('BEGIN TRANSACTION');
  try {
    await expectRunId(conn, runId);
    await conn.run(q('run-log-insert'), {
      run_id: runId, source_id: req.sourceId, trigger: req.trigger, started_at: startedAt.toISOString(), finished_at: finishedAt.toISOString(),
      status: 'failed', files: req.files.length, received: 0, loaded: 0, updated: 0, unchanged: 0, quarantined: 0, error, error_detail: errorDetail,
      watermark_before: req.watermark?.before ?? null, watermark_after: req.watermark?.before ?? null,
    });
    await runScript(conn, q('source-state-failure'), { source_id: req.sourceId, run_id: runId, at: finishedAt.toISOString(), error, error_detail: errorDetail });
    await conn.run('COMMIT');
    return {
      runId, sourceId: req.sourceId, status: 'failed', startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(),
      received: 0, loaded: 0, updated: 0, unchanged: 0, quarantined: 0, files: [], error, ...(errorDetail === null ? {} : { errorDetail }),
    };
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Records a failure that happened before any file could be handed to a load (e.g. a download). */
export async function logSourceFailure(ctx: Warehouse, req: Omit<LoadRequest, 'files'> & { files?: LoadFile[] }, error: string, startedAt = new Date(), detail?: string): Promise<RunSummary> {
  return ctx.lock.run(() => ctx.db.withConnection(async (conn) => {
    const runId = await nextRunId(conn);
    const log = runLog(ctx.log, runId, req);
    log.info({ trigger: req.trigger, files: (req.files ?? []).map((f) => f.name), ...req.before }, 'load run started');
    return finished(log, startedAt, await logFailure(conn, { ...req, files: req.files ?? [] }, startedAt, runId, error, detail));
  }));
}

async function withProgress<T>(conn: DuckDBConnection, report: (m: string) => void, label: string, fn: () => Promise<T>): Promise<T> {
  report(label);
  const timer = setInterval(() => {
    const p = conn.progress;
    if (p.percentage > 0) report(`${label}: ${p.percentage.toFixed(0)} % (${Number(p.rows_processed).toLocaleString('en')} rows read)`);
  }, 2_000);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

function sum(files: FileSummary[]) {
  const t = { received: 0, loaded: 0, updated: 0, unchanged: 0, quarantined: 0 };
  for (const f of files) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += f[k];
  return t;
}

/** The run's error for users: an AppError as it is; a DuckDB error by the file it names, not the archive path. */
function describe(err: unknown, files: readonly RunFile[]): string {
  if (err instanceof AppError) return err.message;
  const message = err instanceof Error ? err.message : String(err);
  const file = files.find((f) => message.includes(f.path) || message.includes(f.archivePath));
  if (file) return `File "${file.name}" could not be read: ${message.split('\n')[0]!.replaceAll(file.path, file.name).replaceAll(file.archivePath, file.name).slice(0, 1000)}`;
  return message.split('\n').slice(0, 3).join(' ').slice(0, 2000);
}

function formatBytes(n: number): string {
  if (n > 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n > 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KB`;
  return `${n} B`;
}

