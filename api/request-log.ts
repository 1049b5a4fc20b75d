import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import type { Logger } from '../log.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** the request's id: the caller's X-Request-Id when it is a safe one, else a new UUID */
    requestId: string;
    /** the log of this request: every line carries its reqId */
    log: Logger;
  }
}

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** the longest caller-sent X-Request-Id taken as it is (letters, digits, _, - and = only, else a new one) */
const MAX_REQUEST_ID = 128;
/** the longest path written to a line: a path is the caller's text */
const MAX_PATH = 300;

/**
 * Every request's id and its access line. The id is the caller's X-Request-Id when it is
 * safe to repeat (hono's requestId: at most 128 of A-Z a-z 0-9 _ - =), else a new UUID; it
 * is returned as X-Request-Id, put on every line the request logs (c.get('log')), and the
 * request's one access line says, when it is answered: level, time, reqId, method, path
 * (never the query: a query may carry a key), status, ms and user (the signed-in user's
 * name, or null). A 5xx answer's line is an error, any other an info line.
 */
export function requestLog(log: Logger): MiddlewareHandler[] {
  return [
    requestId({ headerName: REQUEST_ID_HEADER, limitLength: MAX_REQUEST_ID }),
    async (c, next) => {
      const started = performance.now();
      const reqId = c.get('requestId');
      c.set('log', log.child({ reqId }));
      try {
        await next();
      } finally {
        const status = c.res.status;
        if (c.res.headers.get(REQUEST_ID_HEADER) !== reqId) {
          try {
            c.res.headers.set(REQUEST_ID_HEADER, reqId);
          } catch {
            // a response with immutable headers (none of ours): the access line still has the id
          }
        }
        log[status >= 500 ? 'error' : 'info']({
          reqId,
          method: c.req.method,
          path: c.req.path.length > MAX_PATH ? `${c.req.path.slice(0, MAX_PATH)}…` : c.req.path,
          status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          user: c.get('principal')?.username ?? null,
        }, 'request');
      }
    },
  ];
}
