import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HttpSourceConfig, SourceMapping } from '../../config.ts';
import { excerpt, redactText, redactUrl, secretsOf } from '../../redact.ts';
import { loadRun, logSourceFailure, type LoadFile, type RunSummary } from '../load.ts';
import { readSourceState } from './state.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';

const MAX_PAGES = 100_000;
const MAX_REPEATS = 5;

export interface HttpPullOptions {
  mapping?: SourceMapping;
  trigger: 'schedule' | 'manual' | 'demo' | 'test';
  /** where downloads wait until the load archives them */
  tmpDir: string;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A failed pull. `message` names the request by its redacted URL and is for everyone who
 * may see the run log; `detail`, an excerpt of what the server answered, is for
 * administrators only (README: Security).
 */
class PullError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly detail?: string) {
    super(message);
  }
}

/**
 * What a pull's download did, said on its run's first log line (the run's id is taken when
 * the load takes the write lock, after the download: ingest/load.ts).
 */
interface PullStats {
  pages: number;
  requests: number;
  /** the failed attempts that were tried again, each as its redacted error */
  retried: string[];
  ms: number;
}

/** How much of an error body is read, at most, to quote from it. */
const ERROR_BODY_BYTES = 16 * 1024;

/**
 * The request of a source: its URL without user info, which goes into an Authorization
 * header instead (fetch refuses URLs with credentials, and this is what they mean), unless
 * the source sets that header itself.
 */
function requestOf(source: HttpSourceConfig): { base: URL; headers: Record<string, string> } {
  const base = new URL(source.url);
  const headers = { ...source.headers };
  if (base.username || base.password) {
    const hasAuth = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
    if (!hasAuth) headers['Authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`;
    base.username = '';
    base.password = '';
  }
  return { base, headers };
}

/**
 * Pulls a source's export over HTTP, page by page, from its watermark on, and loads all
 * pages as one atomic run: either every page lands and the watermark moves past them, or
 * nothing does and the next run asks again. In a run that quarantined rows the watermark
 * stops before the first of them, so they are asked for again until they load. Each
 * page's body must hold the number of records its X-Record-Count header announces, so a
 * body cut short fails the run instead of silently losing the rows that did not arrive.
 */
export async function pullHttp(ctx: Warehouse, source: HttpSourceConfig, opts: HttpPullOptions): Promise<RunSummary> {
  const startedAt = new Date();
  const before = (await readSourceState(ctx.db, source.id))?.watermark ?? null;
  const runDir = join(opts.tmpDir, `${source.id}-${startedAt.getTime()}-${Math.random().toString(36).slice(2, 8)}`);
  await mkdir(runDir, { recursive: true });
  const t0 = performance.now();
  const stats: PullStats = { pages: 0, requests: 0, retried: [], ms: 0 };
  const pulled = () => ({ pull: { ...stats, url: redactUrl(source.url), ms: Math.round(performance.now() - t0) } });
  try {
    let files: LoadFile[];
    let after: string | null;
    try {
      ({ files, after } = await downloadAll(source, before, runDir, opts.sleep ?? sleep, stats));
    } catch (err) {
      const secrets = secretsOf({ url: source.url, headers: requestOf(source).headers });
      const detail = err instanceof PullError ? err.detail : undefined;
      return await logSourceFailure(ctx, { sourceId: source.id, trigger: opts.trigger, watermark: { before, after: before }, before: pulled() },
        redactText((err as Error).message, secrets), startedAt, detail === undefined ? undefined : redactText(detail, secrets));
    }
    return await loadRun(ctx, {
      sourceId: source.id,
      trigger: opts.trigger,
      files,
      ...(opts.mapping ? { mapping: opts.mapping } : {}),
      watermark: { before, after },
      before: pulled(),
    });
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

async function downloadAll(source: HttpSourceConfig, since: string | null, dir: string, wait: (ms: number) => Promise<void>, stats: PullStats) {
  const { base, headers } = requestOf(source);
  // the configured secrets and the Authorization header made from the URL's user info
  const secrets = secretsOf({ url: source.url, headers });
  const files: LoadFile[] = [];
  let watermark: string | null = since;
  let page = 1;
  let repeats = 0;
  for (;;) {
    if (page > MAX_PAGES) throw new Error(`${source.id}: more than ${MAX_PAGES} pages; stopping`);
    const url = new URL(base);
    if (since) url.searchParams.set('since', since);
    url.searchParams.set('page', String(page));
    url.searchParams.set('page_size', String(source.pageSize));
    // a page may come twice (see below): each download gets its own file
    const path = join(dir, `download-${files.length + 1}-page-${page}`);
    const res = await withRetries(source, wait, stats, () => fetchPage(source, url, headers, secrets, path));
    stats.pages++;
    files.push({
      path,
      // what users see of the page: the URL with the query's values masked but the paging
      name: redactUrl(url),
      formatHint: res.contentType ?? source.format,
      move: true,
      ...(res.recordCount !== undefined ? { expectedRows: res.recordCount } : {}),
      ...(res.pageWatermark !== undefined ? { resumeFrom: res.pageWatermark } : {}),
    });
    if (res.watermark) watermark = res.watermark;
    if (!res.nextPage) break;
    // a server may send a page again (a retry on its side); the rows are idempotent, but
    // a server that never moves on would loop forever
    if (res.nextPage <= page && ++repeats > MAX_REPEATS) {
      throw new Error(`${source.id}: the server keeps sending page ${page} with next page ${res.nextPage}; stopping to avoid a loop`);
    }
    if (res.nextPage > page) repeats = 0;
    page = res.nextPage;
  }
  return { files, after: watermark };
}

interface Page {
  contentType: string | undefined;
  recordCount: number | undefined;
  nextPage: number | undefined;
  watermark: string | undefined;
  /** X-Page-Watermark: where a later pull may resume once this page and those before it loaded */
  pageWatermark: string | undefined;
}

async function fetchPage(source: HttpSourceConfig, url: URL, headers: Record<string, string>, secrets: readonly string[], path: string): Promise<Page> {
  const shown = `GET ${redactUrl(url)}`;
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(source.timeoutMs) });
  } catch (err) {
    const e = err as Error;
    const why = e.name === 'TimeoutError' ? `no answer within ${source.timeoutMs} ms` : `${e.message}${(e.cause as Error | undefined)?.message ? ` (${(e.cause as Error).message})` : ''}`;
    throw new PullError(`${shown}: ${redactText(why, secrets)}`, true);
  }
  if (!res.ok) {
    const body = await readSome(res, ERROR_BODY_BYTES);
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    const quoted = excerpt(body, secrets);
    throw new PullError(`${shown}: HTTP ${res.status} ${redactText(res.statusText, secrets)}`, retryable, quoted === '' ? undefined : quoted);
  }
  try {
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(path));
  } catch (err) {
    throw new PullError(`${shown}: the body broke off: ${redactText((err as Error).message, secrets)}`, true);
  }
  const count = res.headers.get('x-record-count');
  const next = res.headers.get('x-next-page');
  return {
    contentType: res.headers.get('content-type') ?? undefined,
    recordCount: count !== null && /^\d+$/.test(count) ? Number(count) : undefined,
    nextPage: next !== null && /^\d+$/.test(next) ? Number(next) : undefined,
    watermark: res.headers.get('x-watermark') ?? undefined,
    pageWatermark: res.headers.get('x-page-watermark') ?? undefined,
  };
}

/** The start of a body (an error page), without reading a large one whole. */
async function readSome(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  try {
    while (n < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      n += value.byteLength;
    }
  } catch {
    // what arrived is enough to quote
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

async function withRetries<T>(source: HttpSourceConfig, wait: (ms: number) => Promise<void>, stats: PullStats, fn: () => Promise<T>): Promise<T> {
  const { attempts, backoffMs } = source.retry;
  for (let attempt = 1; ; attempt++) {
    try {
      stats.requests++;
      return await fn();
    } catch (err) {
      const retryable = err instanceof PullError ? err.retryable : false;
      if (!retryable || attempt >= attempts) {
        const message = `${(err as Error).message}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`;
        throw err instanceof PullError ? new PullError(message, false, err.detail) : new Error(message);
      }
      stats.retried.push((err as Error).message);
      // exponential backoff with jitter, so many sources do not retry in step
      await wait(backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
