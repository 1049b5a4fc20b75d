import { Hono, type Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { z } from 'zod';
import { AppError, badRequest } from '../errors.ts';
import { pageParams, parseQuery } from '../validate.ts';
import { SESSION_COOKIE } from './middleware.ts';
import { verifyPassword } from './password.ts';
import { ROLES, type AccessStore } from './store.ts';
import type { LoginThrottle } from './throttle.ts';

export interface AuthDeps {
  store: AccessStore;
  throttle: LoginThrottle;
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

export const clientIp = (c: Context) =>
  (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? null;

const publicUser = (u: { username: string; role: string; team_id: number | null; unit_code: string | null }) =>
  ({ username: u.username, role: u.role, team: u.team_id, unit: u.unit_code });

/** Sign-in, sign-out, users, API tokens and the audit log. */
export function authRoutes(deps: AuthDeps): Hono {
  const { store, throttle, secret } = deps;
  const ttl = (deps.sessionHours ?? 10) * 3600;
  const app = new Hono();

  app.get('/session', async (c) => {
    const id = await getSignedCookie(c, secret, SESSION_COOKIE);
    const p = id ? await store.findSession(id) : undefined;
    return c.json(p ? { user: publicUser(p), csrf_token: p.csrfToken } : { user: null });
  });

  app.post('/session', async (c) => {
    const { username, password } = await jsonBody(c, z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }));
    const ip = clientIp(c);
    const keys = [`user:${username}`, `ip:${ip}`];
    const wait = throttle.wait(keys);
    if (wait > 0) {
      c.header('retry-after', String(Math.ceil(wait / 1000)));
      throw new AppError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s.`);
    }
    const user = await store.findUser(username);
    // verify even for an unknown user, so timing does not tell which usernames exist
    const ok = await verifyPassword(password, user?.password_hash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    if (!user || !ok) {
      throttle.fail(keys);
      await store.audit({ actor: username, action: 'sign_in_failed', ip });
      throw new AppError(401, 'invalid_credentials', 'Wrong username or password.');
    }
    throttle.succeed(keys);
    const session = await store.createSession(user.username, ttl);
    await setSignedCookie(c, SESSION_COOKIE, session.id, secret, {
      httpOnly: true, sameSite: 'Strict', path: '/', maxAge: ttl, secure: new URL(c.req.url).protocol === 'https:',
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
