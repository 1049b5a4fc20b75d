import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { z } from '@hono/zod-openapi';
import { ADMIN, apiRoute, apiRouter, errorResponse, jsonRequest, jsonResponse, PUBLIC } from '../api/route.ts';
import { AppError, badRequest } from '../errors.ts';
import { pageParams } from '../validate.ts';
import { SESSION_COOKIE } from './middleware.ts';
import { verifyPassword } from './password.ts';
import type { AccessStore, Role } from './store.ts';
import { clientOfRequest } from '../client.ts';
import type { RequestBudget } from './budget.ts';
import { HashingGate, type LoginThrottle } from './throttle.ts';
import {
  addedUserResponse, auditResponse, createdTokenResponse, newTokenBody, newUserBody, sessionSchema, signInBody, tokensResponse, usersResponse,
} from './schemas.ts';

export interface AuthDeps {
  store: AccessStore;
  throttle: LoginThrottle;
  /** each user's API request budget; none when absent */
  budget?: RequestBudget | null;
  /** bounds the password checks running at once per address (a default one when absent) */
  gate?: HashingGate;
  secret: string;
  teams: number[];
  isUnit: (code: string) => Promise<boolean>;
  sessionHours?: number;
}

/** The client's address (behind a trusted proxy, the one it forwarded for). */
export const clientIp = (c: Context) => clientOfRequest(c).ip;

/** A hash no password matches, checked for unknown users so timing does not tell which usernames exist. */
const NO_USER_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

const tooMany = (c: Context, waitMs: number) => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  c.header('retry-after', String(seconds));
  return new AppError(429, 'too_many_attempts', `Too many sign-in attempts; try again in ${seconds} s.`);
};

/**
 * Login CSRF: a sign-in must be a JSON request (a cross-site form cannot send one without
 * a preflight) from this site's own pages (an Origin, when the browser sends one, of the
 * host the request is for), so no other site can sign a visitor into an account of its
 * choosing.
 */
const sameSiteJson: MiddlewareHandler = async (c, next) => {
  assertSameSiteJson(c);
  return next();
};

function assertSameSiteJson(c: Context): void {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError(415, 'unsupported_media_type', 'A sign-in must be sent as JSON (Content-Type: application/json).');
  const origin = c.req.header('origin');
  if (origin === undefined) return;
  const client = clientOfRequest(c);
  const own = client.host ? `${client.https ? 'https' : 'http'}://${client.host}`.toLowerCase() : null;
  if (origin.toLowerCase() !== own) throw new AppError(403, 'cross_origin', `A sign-in from ${origin} is refused: only this site's own pages may sign in.`);
}

const publicUser = (u: { username: string; role: Role; team_id: number | null; unit_code: string | null }) =>
  ({ username: u.username, role: u.role, team: u.team_id, unit: u.unit_code });


const routes = {
  session: apiRoute({
    method: 'get', path: '/session', roles: PUBLIC, audit: null, tag: 'access', vi: 'Phiên đăng nhập',
    summary: 'Who is signed in',
    description: 'The session of the cookie, with its CSRF token; `{ "user": null }` when nobody is signed in.',
    responses: { 200: jsonResponse(sessionSchema, 'The signed-in user, or null') },
  }),
  signIn: apiRoute({
    method: 'post', path: '/session', roles: PUBLIC, audit: { handler: ['sign_in', 'sign_in_failed'] }, tag: 'access', vi: 'Đăng nhập',
    summary: 'Sign in',
    description: 'Answers with a session cookie (signed, HttpOnly, SameSite=Strict) and the CSRF token. Must be JSON and, when the browser sends an Origin, come from the site itself. Failed attempts are throttled (README: Password guessing).',
    middleware: [sameSiteJson],
    request: { body: jsonRequest(signInBody) },
    responses: {
      200: jsonResponse(sessionSchema, 'Signed in: the user and the session\'s CSRF token; the cookie is set'),
      401: errorResponse('Wrong username or password (`invalid_credentials`)'),
      403: errorResponse('A sign-in from another site (`cross_origin`)'),
      415: errorResponse('Not sent as JSON (`unsupported_media_type`)'),
      429: errorResponse('Too many attempts (`too_many_attempts`); `Retry-After` says when to try again'),
    },
  }),
  signOut: apiRoute({
    method: 'delete', path: '/session', roles: PUBLIC, audit: { handler: ['sign_out'] }, tag: 'access', vi: 'Đăng xuất',
    summary: 'Sign out',
    description: 'Ends the cookie\'s session (its `X-CSRF-Token` is required) and clears the cookie.',
    responses: {
      200: jsonResponse(z.strictObject({ user: z.null() }), 'Signed out'),
      403: errorResponse('The session\'s `X-CSRF-Token` is missing (`csrf`)'),
    },
  }),
  users: apiRoute({
    method: 'get', path: '/users', roles: ADMIN, audit: null, tag: 'access', vi: 'Tài khoản',
    summary: 'List the accounts',
    responses: { 200: jsonResponse(usersResponse, 'Every account (never a password or its hash)') },
  }),
  addUser: apiRoute({
    method: 'post', path: '/users', roles: ADMIN, audit: { handler: ['user_added'] }, tag: 'access', vi: 'Thêm tài khoản',
    summary: 'Add an account',
    request: { body: jsonRequest(newUserBody) },
    responses: {
      201: jsonResponse(addedUserResponse, 'The account was added'),
      409: errorResponse('The username is taken (`user_exists`)'),
      415: errorResponse('Not sent as JSON (`unsupported_media_type`)'),
    },
  }),
  removeUser: apiRoute({
    method: 'delete', path: '/users/{username}', roles: ADMIN, audit: { handler: ['user_removed'] }, tag: 'access', vi: 'Xóa tài khoản',
    summary: 'Remove an account',
    request: { params: z.object({ username: z.string() }) },
    responses: {
      200: jsonResponse(z.strictObject({ removed: z.string() }), 'The account, its sessions and tokens are gone'),
      404: errorResponse('No such user (`unknown_user`)'),
    },
  }),
  tokens: apiRoute({
    method: 'get', path: '/tokens', roles: ADMIN, audit: null, tag: 'access', vi: 'Khóa API',
    summary: 'List the API tokens',
    responses: { 200: jsonResponse(tokensResponse, 'Every token (never the secret)') },
  }),
  createToken: apiRoute({
    method: 'post', path: '/tokens', roles: ADMIN, audit: { handler: ['token_created'] }, tag: 'access', vi: 'Tạo khóa API',
    summary: 'Create an API token for an account',
    description: 'A script sends it as `Authorization: Bearer <token>` and gets that account\'s rights.',
    request: { body: jsonRequest(newTokenBody) },
    responses: {
      201: jsonResponse(createdTokenResponse, 'The token, shown once'),
      404: errorResponse('No such user (`unknown_user`)'),
      415: errorResponse('Not sent as JSON (`unsupported_media_type`)'),
    },
  }),
  revokeToken: apiRoute({
    method: 'delete', path: '/tokens/{id}', roles: ADMIN, audit: { handler: ['token_revoked'] }, tag: 'access', vi: 'Thu hồi khóa API',
    summary: 'Revoke an API token',
    request: { params: z.object({ id: z.string() }) },
    responses: {
      200: jsonResponse(z.strictObject({ revoked: z.string() }), 'Revoked: it no longer signs anyone in'),
      404: errorResponse('No active token with this id (`unknown_token`)'),
    },
  }),
  audit: apiRoute({
    method: 'get', path: '/audit', roles: ADMIN, audit: null, tag: 'access', vi: 'Nhật ký',
    summary: 'The audit log, newest first',
    request: { query: z.object({ action: z.string().max(40).optional().describe('only this action'), ...pageParams }) },
    responses: { 200: jsonResponse(auditResponse, 'A page of the audit log') },
  }),
};

/** Sign-in, sign-out, users, API tokens and the audit log. */
export function authRoutes(deps: AuthDeps) {
  const { store, throttle, secret } = deps;
  const ttl = (deps.sessionHours ?? 10) * 3600;
  const gate = deps.gate ?? new HashingGate();
  const app = apiRouter();
  /** the session of the request's cookie, if it has a live one */
  const sessionOf = async (c: Context) => {
    const id = await getSignedCookie(c, secret, SESSION_COOKIE);
    return { id, p: id ? await store.findSession(id) : undefined };
  };
  /** an administrator's change, in the audit log under their name */
  const audited = (c: Context, action: string, target: string, details?: unknown) =>
    store.audit({ actor: c.get('principal').username, action, target, ip: clientIp(c), details });

  app.openapi(routes.session, async (c) => {
    const { p } = await sessionOf(c);
    return c.json(p ? { user: publicUser(p), csrf_token: p.csrfToken } : { user: null }, 200);
  });

  app.openapi(routes.signIn, async (c) => {
    const { username, password } = c.req.valid('json');
    const client = clientOfRequest(c);
    const ip = client.ip;
    // the attempt is counted (or refused) before the password is checked, so attempts sent
    // in parallel count too; the check itself waits for one of the address's few slots
    type Outcome = { kind: 'refused'; waitMs: number } | { kind: 'failed' } | { kind: 'ok'; user: NonNullable<Awaited<ReturnType<AccessStore['findUser']>>> };
    const outcome = await gate.run(ip, async (): Promise<Outcome> => {
      const a = throttle.attempt(username, ip);
      if (!a.ok) return { kind: 'refused', waitMs: a.waitMs };
      const user = await store.findUser(username);
      const ok = await verifyPassword(password, user?.password_hash ?? NO_USER_HASH);
      if (!user || !ok) return { kind: 'failed' };
      throttle.succeed(a.attempt);
      return { kind: 'ok', user };
    });
    if (outcome === undefined) throw tooMany(c, 1000);
    if (outcome.kind === 'refused') throw tooMany(c, outcome.waitMs);
    if (outcome.kind === 'failed') {
      await store.audit({ actor: username, action: 'sign_in_failed', ip });
      throw new AppError(401, 'invalid_credentials', 'Wrong username or password.');
    }
    const { user } = outcome;
    const session = await store.createSession(user.username, ttl);
    // behind the trusted proxy the site is served over HTTPS (README: Reverse proxy)
    await setSignedCookie(c, SESSION_COOKIE, session.id, secret, {
      httpOnly: true, sameSite: 'Strict', path: '/', maxAge: ttl, secure: client.https || client.proxied,
    });
    await store.audit({ actor: user.username, action: 'sign_in', ip });
    return c.json({ user: publicUser(user), csrf_token: session.csrfToken }, 200);
  });

  app.openapi(routes.signOut, async (c) => {
    const { id, p } = await sessionOf(c);
    if (id && p) {
      if (c.req.header('x-csrf-token') !== p.csrfToken) throw new AppError(403, 'csrf', 'This request lacks the X-CSRF-Token header of your session.');
      await store.deleteSession(id);
      await store.audit({ actor: p.username, action: 'sign_out', ip: clientIp(c) });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ user: null }, 200);
  });

  app.openapi(routes.users, async (c) => c.json({ users: await store.listUsers() }, 200));

  app.openapi(routes.addUser, async (c) => {
    const body = c.req.valid('json');
    await store.addUser(body, deps.teams, deps.isUnit);
    await audited(c, 'user_added', body.username, { role: body.role, team: body.team, unit: body.unit });
    return c.json({ user: { username: body.username, role: body.role, team: body.team ?? null, unit: body.unit ?? null } }, 201);
  });

  app.openapi(routes.removeUser, async (c) => {
    const { username } = c.req.valid('param');
    if (username === c.get('principal').username) throw badRequest('self_removal', 'An administrator cannot remove their own account.');
    await store.removeUser(username);
    await audited(c, 'user_removed', username);
    return c.json({ removed: username }, 200);
  });

  app.openapi(routes.tokens, async (c) => c.json({ tokens: await store.listTokens() }, 200));

  app.openapi(routes.createToken, async (c) => {
    const body = c.req.valid('json');
    const t = await store.createToken(body.username, body.label ?? null);
    await audited(c, 'token_created', `${body.username}/${t.tokenId}`);
    return c.json({ token_id: t.tokenId, token: t.token, note: 'Shown once: store it now.' }, 201);
  });

  app.openapi(routes.revokeToken, async (c) => {
    const { id } = c.req.valid('param');
    await store.revokeToken(id);
    await audited(c, 'token_revoked', id);
    return c.json({ revoked: id }, 200);
  });

  app.openapi(routes.audit, async (c) => c.json({ entries: await store.listAudit(c.req.valid('query')) }, 200));

  return app;
}
