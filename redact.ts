/**
 * Secrets never leave the server: a source's URL may carry a user and password
 * (`https://user:pw@host/…`) or a key in its query (`?apikey=…`), and its headers a token.
 * Everything a person or a log can see — run errors, file names of HTTP pages, the run
 * log, the API, log lines — goes through these helpers first.
 */

const MASK = '***';
/** Query parameters the service itself adds when it pages through a source: not secrets, and worth seeing. */
export const PAGING_PARAMETERS: readonly string[] = ['since', 'page', 'page_size'];

/**
 * A URL as it may be shown: no user info, no fragment, and every query value masked except
 * those of `keep` (`?apikey=***&page=2`). Text that is not a URL is returned masked whole.
 */
export function redactUrl(url: string | URL, keep: readonly string[] = PAGING_PARAMETERS): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return MASK;
  }
  // nothing to hide: the URL as it was written (a log line's address stays usable as it is)
  if (u.username === '' && u.password === '' && u.search === '' && u.hash === '') return String(url);
  const query = [...u.searchParams.keys()].length === 0 ? '' : `?${[...u.searchParams.entries()]
    .map(([k, v]) => `${encodeURIComponent(k)}=${keep.includes(k) ? encodeURIComponent(v) : MASK}`).join('&')}`;
  return `${u.protocol}//${u.host}${u.pathname}${query}`;
}

// a backslash ends a URL too: in a JSON log line the quote after a URL is escaped (\")
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`\\]+/gi;

/**
 * Text with every URL in it redacted (redactUrl) and every one of `secrets` (a source's
 * password, query values, header values) masked wherever it appears.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(URL_IN_TEXT, (m) => {
    // a URL ends before trailing punctuation of the sentence around it
    const trail = /[.,;:)\]]+$/.exec(m)?.[0] ?? '';
    return redactUrl(m.slice(0, m.length - trail.length)) + trail;
  });
  for (const s of [...secrets].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
  return out;
}

/**
 * The secrets a source's configuration holds, to mask wherever they might be echoed (an
 * upstream server's error page may repeat the request): the URL's user and password, its
 * query values, and its header values (and the token of an `Authorization: Bearer …`).
 */
export function secretsOf(source: { url?: string; headers?: Record<string, string> }): string[] {
  const out: string[] = [];
  if (source.url) {
    try {
      const u = new URL(source.url);
      for (const v of [u.username, u.password]) if (v) out.push(v, decodeURIComponent(v));
      for (const [k, v] of u.searchParams) if (!PAGING_PARAMETERS.includes(k) && v) out.push(v, encodeURIComponent(v));
    } catch {
      // not a URL: nothing to take from it
    }
  }
  for (const v of Object.values(source.headers ?? {})) {
    out.push(v);
    const token = /^\s*\S+\s+(\S+)\s*$/.exec(v)?.[1];
    if (token) out.push(token);
  }
  return [...new Set(out.filter(Boolean))];
}

/**
 * A short, printable, redacted excerpt of what an upstream server answered (an error
 * page): control characters, terminal codes and runs of spaces as one space, tags dropped, at most `max`
 * characters. For administrators only; other users see the error without it.
 */
export function excerpt(body: string, secrets: readonly string[] = [], max = 200): string {
  const printable = body
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/\u001b\[[0-9;?]*[ -\/]*[@-~]/g, ' ') // terminal colour codes
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const safe = redactText(printable, secrets);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}
