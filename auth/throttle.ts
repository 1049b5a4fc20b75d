/** How many failed sign-ins each key allows within the window before attempts must wait. */
export interface ThrottleLimits {
  /** one username from one address: the guesses of someone who knows the name */
  pair: number;
  /** one username from any address, counted only against addresses that have been failing */
  user: number;
  /** one address, whatever the names: someone trying many names */
  address: number;
  /** a key's failures are forgotten this long after its last attempt */
  windowMs: number;
  /** the longest wait */
  maxDelayMs: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { pair: 5, user: 20, address: 30, windowMs: 15 * 60_000, maxDelayMs: 15 * 60_000 };

interface Count {
  count: number;
  last: number;
}

/** What `attempt` hands out: the keys it counted, so a success can take its own attempt back. */
export interface Attempt {
  readonly keys: { pair: string; user: string; address: string };
}

export type AttemptResult = { ok: true; attempt: Attempt } | { ok: false; waitMs: number };

/**
 * Slows down password guessing without locking the real user out. Every attempt is
 * counted when it starts, before the slow password check, so attempts sent in parallel
 * count as surely as attempts sent one after another. Three counters:
 *
 * - the (username, address) pair, with the smallest allowance: someone guessing one
 *   account from one place;
 * - the username, with a larger one; it holds back only addresses that have themselves
 *   been failing, so that the account's owner, signing in from an address that has not
 *   been failing, still gets in while the account is being guessed from elsewhere;
 * - the address, with the largest: someone trying many names from one place.
 *
 * Once a counter has reached its allowance, each further attempt must wait 1 s, 2 s, 4 s …
 * (up to `maxDelayMs`) after the last one. A success takes back its own attempt and clears
 * the pair it succeeded for, and nothing else: signing in to one's own account does not
 * wipe the failures of other names, or of the address.
 *
 * Created at start-up and passed down; in memory (a restart forgets, as a restart of the
 * service is not something an attacker can cause).
 */
export class LoginThrottle {
  readonly #counts = new Map<string, Count>();
  readonly limits: ThrottleLimits;

  constructor(limits: Partial<ThrottleLimits> = {}, private readonly now: () => number = Date.now) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /**
   * Counts an attempt to sign in as `username` from `address`, or says how long the caller
   * must wait first. Synchronous: a check and its count can never be split by another
   * request.
   */
  attempt(username: string, address: string | null): AttemptResult {
    const t = this.now();
    const ip = address ?? 'unknown';
    const keys = { pair: `pair:${username}\u0000${ip}`, user: `user:${username}`, address: `ip:${ip}` };
    const addressFailing = (this.#live(keys.address, t)?.count ?? 0) > 0;
    const waitMs = Math.max(
      this.#wait(keys.pair, this.limits.pair, t),
      addressFailing ? this.#wait(keys.user, this.limits.user, t) : 0,
      this.#wait(keys.address, this.limits.address, t),
    );
    if (waitMs > 0) return { ok: false, waitMs };
    for (const k of Object.values(keys)) {
      const c = this.#live(k, t);
      this.#counts.set(k, { count: (c?.count ?? 0) + 1, last: t });
    }
    this.#bound();
    return { ok: true, attempt: { keys } };
  }

  /** The password was right: this attempt was no failure, and the pair starts afresh. */
  succeed(a: Attempt): void {
    this.#counts.delete(a.keys.pair);
    for (const k of [a.keys.user, a.keys.address]) {
      const c = this.#counts.get(k);
      if (!c) continue;
      if (c.count <= 1) this.#counts.delete(k);
      else c.count -= 1;
    }
  }

  /** The failures a key holds now (for tests and diagnostics). */
  failures(kind: 'pair' | 'user' | 'address', username: string | null, address: string | null): number {
    const ip = address ?? 'unknown';
    const key = kind === 'pair' ? `pair:${username}\u0000${ip}` : kind === 'user' ? `user:${username}` : `ip:${ip}`;
    return this.#live(key, this.now())?.count ?? 0;
  }

  #live(key: string, t: number): Count | undefined {
    const c = this.#counts.get(key);
    if (c && t - c.last >= this.limits.windowMs) {
      this.#counts.delete(key);
      return undefined;
    }
    return c;
  }

  #wait(key: string, free: number, t: number): number {
    const c = this.#live(key, t);
    if (!c || c.count < free) return 0;
    const delay = Math.min(this.limits.maxDelayMs, 1000 * 2 ** Math.min(30, c.count - free));
    return Math.max(0, c.last + delay - t);
  }

  /** Bounded memory under a flood of names or addresses: forget the expired, then the oldest. */
  #bound(): void {
    if (this.#counts.size <= 100_000) return;
    const t = this.now();
    for (const k of this.#counts.keys()) this.#live(k, t);
    for (const k of this.#counts.keys()) {
      if (this.#counts.size <= 90_000) break;
      this.#counts.delete(k);
    }
  }
}

/**
 * At most `running` password checks at a time per address, and `waiting` more queued; a
 * request beyond that is refused at once. scrypt takes tens of milliseconds of a core and
 * 32 MB of memory each, so an address sending sign-ins in parallel (under different names,
 * which the throttle counts separately until the address's allowance is spent) must not
 * get to occupy the machine.
 */
export class HashingGate {
  readonly #perAddress = new Map<string, { running: number; queue: (() => void)[] }>();

  constructor(private readonly running = 2, private readonly waiting = 4) {}

  /** Runs fn when the address has a free slot; undefined if the address already has too much in flight. */
  async run<T>(address: string | null, fn: () => Promise<T>): Promise<T | undefined> {
    const key = address ?? 'unknown';
    let s = this.#perAddress.get(key);
    if (!s) this.#perAddress.set(key, (s = { running: 0, queue: [] }));
    if (s.running >= this.running) {
      if (s.queue.length >= this.waiting) return undefined;
      await new Promise<void>((resolve) => s!.queue.push(resolve));
    } else {
      s.running++;
    }
    try {
      return await fn();
    } finally {
      const next = s.queue.shift();
      if (next) next(); // the slot passes straight on
      else if (--s.running === 0) this.#perAddress.delete(key);
    }
  }

  /** Password checks running or queued for an address (for tests). */
  inFlight(address: string | null): number {
    const s = this.#perAddress.get(address ?? 'unknown');
    return s ? s.running + s.queue.length : 0;
  }
}
