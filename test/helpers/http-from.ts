import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * An HTTP request from a chosen local address (`from`, e.g. 127.0.0.2: every 127/8
 * address is the loopback), so a test can be several clients of one real server.
 */
export function httpFrom(url: string, opts: { from?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const r = request(url, { method: opts.method ?? 'GET', headers: opts.headers ?? {}, ...(opts.from ? { localAddress: opts.from } : {}), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(opts.body);
  });
}

/** POST /api/session as a browser on the site would send it. */
export const signInFrom = (base: string, from: string, username: string, password: string, headers: Record<string, string> = {}) =>
  httpFrom(`${base}/api/session`, { from, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
