import type { MiddlewareHandler } from 'hono';
import { getSignedCookie } from 'hono/cookie';
import { AppError } from '../errors.ts';
import type { AccessStore, Principal } from './store.ts';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

export const SESSION_COOKIE = 'cds_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every /api request but those of the routes declared public: who is it (an API token,
 * else the session cookie), and is a cookie request that changes something carrying its
 * CSRF token. Whether this role may call this route is the route's own rule (api/route.ts).
 */
export function requireAccess(store: AccessStore, secret: string, isPublic: (method: string, path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (!path.startsWith('/api/') || isPublic(c.req.method, path)) return next();
    const principal = await identify(c.req.header('authorization'), () => getSignedCookie(c, secret, SESSION_COOKIE), store);
    if (!principal) throw new AppError(401, 'unauthenticated', 'Sign in first (POST /api/session), or send an API token as Authorization: Bearer <token>.');
    if (principal.via === 'session' && UNSAFE.has(c.req.method) && c.req.header('x-csrf-token') !== principal.csrfToken) {
      throw new AppError(403, 'csrf', 'This request lacks the X-CSRF-Token header of your session.');
    }
    c.set('principal', principal);
    return next();
  };
}

async function identify(authorization: string | undefined, cookie: () => Promise<string | false | undefined>, store: AccessStore): Promise<Principal | undefined> {
  if (authorization !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m) throw new AppError(401, 'unauthenticated', 'The Authorization header must be "Bearer <token>".');
    const p = await store.findToken(m[1]!);
    if (!p) throw new AppError(401, 'invalid_token', 'This API token is unknown or revoked.');
    return p;
  }
  const id = await cookie();
  return id ? store.findSession(id) : undefined;
}

/**
 * Throws 403 unless the signed-in account may see these units' documents; with a period,
 * as the team was assigned (or the unit's communes stood) during it (issue 17).
 */
export async function assertDocumentScope(store: AccessStore, p: Principal | undefined, unitCodes: string[], period?: { from: string; to: string }): Promise<void> {
  if (!p) return; // no access control configured (API-only tests of the figures)
  const scope = await store.documentScope(p, period);
  if (!scope) return;
  const outside = unitCodes.filter((u) => !scope.has(u));
  if (outside.length > 0) {
    throw new AppError(403, 'forbidden', `Your account (${p.role}${p.team_id ? ` of team ${p.team_id}` : ''}${p.unit_code ? ` of unit ${p.unit_code}` : ''}) may not see the documents of ${outside.join(', ')}.`);
  }
}
