import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../warehouse/database.ts';
import { runScript, sqlFile } from '../warehouse/sql.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { ROLES, type Role } from '../api/route.ts';
import { hashPassword } from './password.ts';
import type { AuditEntry, Token, User } from './schemas.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// the roles are the API's vocabulary of who may call what (api/route.ts)
export { ROLES, type Role };

/** Who is making a request, and the bounds of what they may see. */
export interface Principal {
  username: string;
  role: Role;
  team_id: number | null;
  unit_code: string | null;
  via: 'session' | 'token';
  csrfToken?: string;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  team?: number | undefined;
  unit?: string | undefined;
}

/**
 * Users, sessions, API tokens and the audit log, in the warehouse database. Verified tokens
 * and sessions are remembered in memory: every request carries one, and a database read
 * (and write) per request is most of an API call's cost. The process that owns the
 * database makes every revocation, so it forgets them at once; the CLIs only run while
 * the server is stopped.
 */
export class AccessStore {
  readonly #tokens = new Map<string, { principal: Principal; hash: string; usedAt: number }>();
  readonly #sessions = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(readonly db: Database) {}

  #forgetAll(): void {
    this.#tokens.clear();
    this.#sessions.clear();
  }

  async addUser(u: NewUser, knownTeams: number[], knownUnit: (code: string) => Promise<boolean>): Promise<void> {
    if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(u.username)) throw badRequest('invalid_username', 'A username is 2–64 characters: lowercase letters, digits, dot, dash, underscore.');
    if (!ROLES.includes(u.role)) throw badRequest('invalid_role', `The role must be one of ${ROLES.join(', ')}.`);
    if (u.password.length < 10) throw badRequest('weak_password', 'A password has at least 10 characters.');
    if ((u.role === 'inspector') !== (u.team !== undefined)) throw badRequest('invalid_user', 'An inspector is bound to exactly one team (--team N), and only an inspector.');
    if ((u.role === 'unit') !== (u.unit !== undefined)) throw badRequest('invalid_user', 'A unit account is bound to exactly one unit (--unit CODE), and only a unit account.');
    if (u.team !== undefined && !knownTeams.includes(u.team)) throw badRequest('unknown_team', `There is no team ${u.team}; settings.json defines ${knownTeams.join(', ')}.`);
    if (u.unit !== undefined && !(await knownUnit(u.unit))) throw badRequest('unknown_unit', `There is no unit ${u.unit} in the registry.`);
    if ((await this.db.all(q('user-find'), { username: u.username })).length > 0) {
      throw new AppError(409, 'user_exists', `The user ${u.username} exists already.`);
    }
    await this.db.withConnection(async (c) => {
      await c.run(q('user-insert'), { username: u.username, password_hash: await hashPassword(u.password), role: u.role, team_id: u.team ?? null, unit_code: u.unit ?? null });
    });
  }

  async findUser(username: string): Promise<(Omit<Principal, 'via'> & { password_hash: string }) | undefined> {
    return (await this.db.all<Omit<Principal, 'via'> & { password_hash: string }>(q('user-find'), { username }))[0];
  }

  /** Whether the registry has this unit (read from the registry, so it works on a fresh warehouse). */
  async isRegisteredUnit(code: string): Promise<boolean> {
    return (await this.db.all(q('unit-exists'), { code })).length > 0;
  }

  listUsers(): Promise<User[]> {
    return this.db.all<User>(q('user-list'));
  }

  async removeUser(username: string): Promise<void> {
    if (!(await this.findUser(username))) throw notFound('unknown_user', `There is no user ${username}.`);
    await this.db.withConnection((c) => runScript(c, q('user-delete'), { username }));
    this.#forgetAll();
  }

  /** A new session: its id goes into the signed cookie, its hash into the database. */
  async createSession(username: string, ttlSeconds: number): Promise<{ id: string; csrfToken: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.db.withConnection((c) => c.run(q('session-insert'), { id_hash: sha256(id), username, csrf_token: csrfToken, ttl_seconds: ttlSeconds }).then(() => undefined));
    return { id, csrfToken };
  }

  async findSession(id: string): Promise<Principal | undefined> {
    const key = sha256(id);
    const hit = this.#sessions.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.principal;
    const row = (await this.db.all<Omit<Principal, 'via'> & { csrf_token: string; expires_ms: number }>(q('session-find'), { id_hash: key }))[0];
    if (!row) return undefined;
    const principal: Principal = { username: row.username, role: row.role, team_id: row.team_id, unit_code: row.unit_code, via: 'session', csrfToken: row.csrf_token };
    this.#sessions.set(key, { principal, expiresAt: Math.min(row.expires_ms, Date.now() + 60_000) });
    return principal;
  }

  async deleteSession(id: string): Promise<void> {
    this.#sessions.delete(sha256(id));
    await this.db.withConnection((c) => runScript(c, q('session-delete'), { id_hash: sha256(id) }));
  }

  /** A token is `cds_<id>_<secret>`: the id finds it, the secret's hash proves it. */
  async createToken(username: string, label: string | null): Promise<{ tokenId: string; token: string }> {
    if (!(await this.findUser(username))) throw notFound('unknown_user', `There is no user ${username}.`);
    const tokenId = randomBytes(6).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    await this.db.withConnection((c) => c.run(q('token-insert'), { token_id: tokenId, username, token_hash: sha256(secret), label }).then(() => undefined));
    return { tokenId, token: `cds_${tokenId}_${secret}` };
  }

  async findToken(token: string): Promise<Principal | undefined> {
    const m = /^cds_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(token);
    if (!m) return undefined;
    const [tokenId, hash] = [m[1]!, sha256(m[2]!)];
    let entry = this.#tokens.get(tokenId);
    if (!entry) {
      const row = (await this.db.all<Omit<Principal, 'via'> & { token_hash: string }>(q('token-find'), { token_id: tokenId }))[0];
      if (!row) return undefined;
      entry = { principal: { username: row.username, role: row.role, team_id: row.team_id, unit_code: row.unit_code, via: 'token' }, hash: row.token_hash, usedAt: 0 };
      this.#tokens.set(tokenId, entry);
    }
    if (entry.hash !== hash) return undefined;
    // last_used_at to the minute: enough to tell a live token from a forgotten one
    if (Date.now() - entry.usedAt > 60_000) {
      entry.usedAt = Date.now();
      await this.db.withConnection((c) => c.run(q('token-used'), { token_id: tokenId }).then(() => undefined)).catch(() => undefined);
    }
    return entry.principal;
  }

  listTokens(username?: string): Promise<Token[]> {
    return this.db.all<Token>(q('token-list'), { username: username ?? null });
  }

  async revokeToken(tokenId: string): Promise<void> {
    this.#tokens.delete(tokenId);
    const rows = await this.db.all(q('token-revoke'), { token_id: tokenId });
    if (rows.length === 0) throw notFound('unknown_token', `There is no active token ${tokenId}.`);
  }

  /**
   * The units whose documents this account may see; undefined = all. With a period, those
   * of the team's assignment (or the unit's communes) in force on some day of it, on the map
   * of that day (issue 17); without, the first assignment on the registry's first map.
   */
  async documentScope(p: Principal, period?: { from: string; to: string }): Promise<Set<string> | undefined> {
    if (p.role === 'admin' || p.role === 'viewer') return undefined;
    const rows = period === undefined
      ? await this.db.all<{ code: string }>(q('scope-units'), { team_id: p.team_id, unit_code: p.unit_code })
      : await this.db.all<{ code: string }>(q('scope-units-at'), { team_id: p.team_id, unit_code: p.unit_code, from: period.from, to: period.to });
    return new Set(rows.map((r) => r.code));
  }

  async audit(e: { actor: string | null; action: string; target?: string | null; ip?: string | null; details?: unknown }): Promise<void> {
    await this.db.withConnection((c) =>
      c.run(q('audit-insert'), { actor: e.actor, action: e.action, target: e.target ?? null, ip: e.ip ?? null, details: e.details === undefined ? null : JSON.stringify(e.details) }).then(() => undefined),
    );
  }

  listAudit(p: { action?: string | undefined; limit: number; offset: number }): Promise<AuditEntry[]> {
    return this.db.all<AuditEntry>(q('audit-list'), { action: p.action ?? null, limit: p.limit, offset: p.offset });
  }
}
