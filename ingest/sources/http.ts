import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HttpSourceConfig, SourceMapping } from '../../config.ts';
import { loadRun, logSourceFailure, type LoadContext, type LoadFile, type RunSummary } from '../load.ts';
import { readSourceState } from './state.ts';

const MAX_PAGES = 100_000;
const MAX_REPEATS = 5;

export interface HttpPullOptions {
  mapping?: SourceMapping;
  trigger: 'schedule' | 'manual' | 'demo' | 'test';
  /** where downloads wait until the load archives them */
  tmpDir: string;
  sleep?: (ms: number) => Promise<void>;
}

class PullError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

/**
 * Pulls a source's export over HTTP, page by page, from its watermark on, and loads all
 * pages as one atomic run: either every page lands and the watermark moves past them, or
 * nothing does and the next run asks again. In a run that quarantined rows the watermark
 * stops before the first of them, so they are asked for again until they load. Each
 * page's body must hold the number of records its X-Record-Count header announces, so a
 * body cut short fails the run instead of silently losing the rows that did not arrive.
 */
export async function pullHttp(ctx: LoadContext, source: HttpSourceConfig, opts: HttpPullOptions): Promise<RunSummary> {
  const startedAt = new Date();
  const before = (await readSourceState(ctx.db, source.id))?.watermark ?? null;
  const runDir = join(opts.tmpDir, `${source.id}-${startedAt.getTime()}-${Math.random().toString(36).slice(2, 8)}`);
  await mkdir(runDir, { recursive: true });
  try {
    let files: LoadFile[];
    let after: string | null;
    try {
      ({ files, after } = await downloadAll(source, before, runDir, opts.sleep ?? sleep));
    } catch (err) {
      return await logSourceFailure(ctx, { sourceId: source.id, trigger: opts.trigger, watermark: { before, after: before } }, (err as Error).message, startedAt);
    }
    return await loadRun(ctx, {
      sourceId: source.id,
      trigger: opts.trigger,
      files,
      ...(opts.mapping ? { mapping: opts.mapping } : {}),
      watermark: { before, after },
    });
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

async function downloadAll(source: HttpSourceConfig, since: string | null, dir: string, wait: (ms: number) => Promise<void>) {
  const files: LoadFile[] = [];
  let watermark: string | null = since;
  let page = 1;
  let repeats = 0;
  for (;;) {
    if (page > MAX_PAGES) throw new Error(`${source.id}: more than ${MAX_PAGES} pages; stopping`);
    const url = new URL(source.url);
    if (since) url.searchParams.set('since', since);
    url.searchParams.set('page', String(page));
    url.searchParams.set('page_size', String(source.pageSize));
    // a page may come twice (see below): each download gets its own file
    const path = join(dir, `download-${files.length + 1}-page-${page}`);
    const res = await withRetries(source, wait, () => fetchPage(source, url, path));
    files.push({
      path,
      name: `${url.origin}${url.pathname}?${url.searchParams.toString()}`,
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

async function fetchPage(source: HttpSourceConfig, url: URL, path: string): Promise<Page> {
  let res: Response;
  try {
    res = await fetch(url, { headers: source.headers, signal: AbortSignal.timeout(source.timeoutMs) });
  } catch (err) {
    const e = err as Error;
    const why = e.name === 'TimeoutError' ? `no answer within ${source.timeoutMs} ms` : `${e.message}${(e.cause as Error | undefined)?.message ? ` (${(e.cause as Error).message})` : ''}`;
    throw new PullError(`GET ${url.href}: ${why}`, true);
  }
  if (!res.ok) {
    const body = (await res.text().catch(() => '')).slice(0, 300);
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    throw new PullError(`GET ${url.href}: HTTP ${res.status} ${res.statusText}${body ? `: ${body}` : ''}`, retryable);
  }
  try {
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(path));
  } catch (err) {
    throw new PullError(`GET ${url.href}: the body broke off: ${(err as Error).message}`, true);
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

async function withRetries<T>(source: HttpSourceConfig, wait: (ms: number) => Promise<void>, fn: () => Promise<T>): Promise<T> {
  const { attempts, backoffMs } = source.retry;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const retryable = err instanceof PullError ? err.retryable : false;
      if (!retryable || attempt >= attempts) {
        throw new Error(`${(err as Error).message}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`);
      }
      // exponential backoff with jitter, so many sources do not retry in step
      await wait(backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
