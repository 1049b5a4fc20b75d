import { Hono, type Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { z } from 'zod';
import { AppError, badRequest } from '../errors.ts';
import { pageParams, parseQuery } from '../validate.ts';
import { SESSION_COOKIE } from './middleware.ts';
import { verifyPassword } from './password.ts';
import { ROLES, type AccessStore } from './store.ts';
import { clientOfRequest } from '../client.ts';
import type { RequestBudget } from './budget.ts';
import { HashingGate, type LoginThrottle } from './throttle.ts';

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

async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const body = await c.req.json().catch(() => {
    throw badRequest('invalid_body', 'The body must be JSON.');
  });
  const r = schema.safeParse(body);
  if (!r.success) throw badRequest('invalid_body', r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
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
function assertSameSiteJson(c: Context): void {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError(415, 'unsupported_media_type', 'A sign-in must be sent as JSON (Content-Type: application/json).');
  const origin = c.req.header('origin');
  if (origin === undefined) return;
  const client = clientOfRequest(c);
  const own = client.host ? `${client.https ? 'https' : 'http'}://${client.host}`.toLowerCase() : null;
  if (origin.toLowerCase() !== own) throw new AppError(403, 'cross_origin', `A sign-in from ${origin} is refused: only this site's own pages may sign in.`);
}

const publicUser = (u: { username: string; role: string; team_id: number | null; unit_code: string | null }) =>
  ({ username: u.username, role: u.role, team: u.team_id, unit: u.unit_code });

/** Sign-in, sign-out, users, API tokens and the audit log. */
export function authRoutes(deps: AuthDeps): Hono {
  const { store, throttle, secret } = deps;
  const ttl = (deps.sessionHours ?? 10) * 3600;
  const gate = deps.gate ?? new HashingGate();
  const app = new Hono();

  app.get('/session', async (c) => {
    const id = await getSignedCookie(c, secret, SESSION_COOKIE);
    const p = id ? await store.findSession(id) : undefined;
    return c.json(p ? { user: publicUser(p), csrf_token: p.csrfToken } : { user: null });
  });

  app.post('/session', async (c) => {
    assertSameSiteJson(c);
    const { username, password } = await jsonBody(c, z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }));
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
    return c.json({ user: publicUser(user), csrf_token: session.csrfToken });
  });

  app.delete('/session', async (c) => {
    const id = await getSignedCookie(c, secret, SESSION_COOKIE);
    const p = id ? await store.findSession(id) : undefined;
    if (id && p) {
      if (c.req.header('x-csrf-token') !== p.csrfToken) throw new AppError(403, 'csrf', 'This request lacks the X-CSRF-Token header of your session.');
      await store.deleteSession(id);
      await store.audit({ actor: p.username, action: 'sign_out', ip: clientIp(c) });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ user: null });
  });

  app.get('/users', async (c) => c.json({ users: await store.listUsers() }));

  app.post('/users', async (c) => {
    const body = await jsonBody(c, z.object({
      username: z.string(), password: z.string().max(1024), role: z.enum(ROLES),
      team: z.number().int().optional(), unit: z.string().max(20).optional(),
    }));
    await store.addUser(body, deps.teams, deps.isUnit);
    await store.audit({ actor: c.get('principal').username, action: 'user_added', target: body.username, ip: clientIp(c), details: { role: body.role, team: body.team, unit: body.unit } });
    return c.json({ user: { username: body.username, role: body.role, team: body.team ?? null, unit: body.unit ?? null } }, 201);
  });

  app.delete('/users/:username', async (c) => {
    const username = c.req.param('username');
    if (username === c.get('principal').username) throw badRequest('self_removal', 'An administrator cannot remove their own account.');
    await store.removeUser(username);
    await store.audit({ actor: c.get('principal').username, action: 'user_removed', target: username, ip: clientIp(c) });
    return c.json({ removed: username });
  });

  app.get('/tokens', async (c) => c.json({ tokens: await store.listTokens() }));

  app.post('/tokens', async (c) => {
    const body = await jsonBody(c, z.object({ username: z.string().max(64), label: z.string().max(200).optional() }));
    const t = await store.createToken(body.username, body.label ?? null);
    await store.audit({ actor: c.get('principal').username, action: 'token_created', target: `${body.username}/${t.tokenId}`, ip: clientIp(c) });
    return c.json({ token_id: t.tokenId, token: t.token, note: 'Shown once: store it now.' }, 201);
  });

  app.delete('/tokens/:id', async (c) => {
    const id = c.req.param('id');
    await store.revokeToken(id);
    await store.audit({ actor: c.get('principal').username, action: 'token_revoked', target: id, ip: clientIp(c) });
    return c.json({ revoked: id });
  });

  app.get('/audit', async (c) => {
    const p = parseQuery(c, z.object({ action: z.string().max(40).optional(), ...pageParams }));
    return c.json({ entries: await store.listAudit(p) });
  });

  return app;
}
