import { BlockList, isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';

/** Who is calling: the client's address and whether it reached us over HTTPS. */
export interface Client {
  /** the client's IP address; null when there is no socket (requests made in tests) */
  ip: string | null;
  /** the scheme the client used: the request URL's, or the trusted proxy's X-Forwarded-Proto */
  https: boolean;
  /** the host the client asked for: the Host header, or the trusted proxy's X-Forwarded-Host */
  host: string | null;
  /** the request came through the trusted reverse proxy */
  proxied: boolean;
}

declare module 'hono' {
  interface ContextVariableMap {
    client: Client;
  }
}

/**
 * The reverse proxies whose X-Forwarded-* headers are believed (TRUST_PROXY): addresses or
 * CIDR ranges, comma-separated. Anyone else's X-Forwarded-* headers are ignored, since
 * any client can send them.
 */
export class ProxyTrust {
  readonly #list = new BlockList();
  readonly entries: readonly string[];

  constructor(entries: readonly string[]) {
    this.entries = entries;
    for (const e of entries) {
      const [addr, bits] = e.split('/');
      const type = isIP(addr ?? '');
      if (type === 0) throw new Error(`"${e}" is not an IP address or a CIDR range (e.g. 127.0.0.1, 10.0.0.0/8, ::1)`);
      const family = type === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) this.#list.addAddress(addr!, family);
      else {
        const prefix = Number(bits);
        if (!/^\d+$/.test(bits) || prefix > (type === 4 ? 32 : 128)) throw new Error(`"${e}" has an invalid prefix length`);
        this.#list.addSubnet(addr!, prefix, family);
      }
    }
  }

  /** TRUST_PROXY as written: empty, 0, false or off mean no proxy is trusted. */
  static parse(text: string | undefined): ProxyTrust | null {
    const t = (text ?? '').trim();
    if (t === '' || /^(0|false|off|no)$/i.test(t)) return null;
    return new ProxyTrust(t.split(',').map((s) => s.trim()).filter(Boolean));
  }

  trusts(ip: string | null): boolean {
    if (!ip) return false;
    const type = isIP(ip);
    return type !== 0 && this.#list.check(ip, type === 4 ? 'ipv4' : 'ipv6');
  }
}

/** ::ffff:127.0.0.1 (an IPv4 client on a dual-stack socket) as 127.0.0.1. */
const plain = (ip: string) => (ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip);

const socketAddress = (c: Context): string | null => {
  const a = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return a ? plain(a) : null;
};

/**
 * Works out the client of a request. Without a trusted proxy (the default), the socket's
 * peer is the client and the URL's scheme is the scheme. When the peer is a trusted proxy,
 * the client is the right-most address of X-Forwarded-For that is not itself a trusted
 * proxy (the ones to its left were written by the client and prove nothing), and the
 * scheme is X-Forwarded-Proto's.
 */
export function clientOf(c: Context, trust: ProxyTrust | null): Client {
  const peer = socketAddress(c);
  const host = c.req.header('host') ?? null;
  const urlHttps = c.req.url.startsWith('https:');
  if (!trust || !trust.trusts(peer)) return { ip: peer, https: urlHttps, host, proxied: false };
  let ip = peer;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => plain(s.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) break; // garbage: keep the last address a trusted hop vouched for
    ip = hop;
    if (!trust.trusts(hop)) break;
  }
  const proto = (c.req.header('x-forwarded-proto') ?? '').split(',')[0]!.trim().toLowerCase();
  const forwardedHost = (c.req.header('x-forwarded-host') ?? '').split(',')[0]!.trim();
  return { ip, https: proto === '' ? urlHttps : proto === 'https', host: forwardedHost || host, proxied: true };
}

/** Sets c.get('client') for every request. */
export function clientMiddleware(trust: ProxyTrust | null): MiddlewareHandler {
  return async (c, next) => {
    c.set('client', clientOf(c, trust));
    return next();
  };
}

/** The client of a request (the middleware's, or worked out without a proxy when it did not run). */
export const clientOfRequest = (c: Context): Client => c.get('client') ?? clientOf(c, null);
