/**
 * Slows down password guessing: after `free` failures for the same username or the same
 * address within the window, each further attempt must wait, doubling each time.
 * Created at start-up and passed down.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; first: number; until: number }>();

  constructor(private readonly free = 5, private readonly windowMs = 15 * 60_000, private readonly now: () => number = Date.now) {}

  /** Milliseconds the caller must still wait before trying these keys again (0: go ahead). */
  wait(keys: string[]): number {
    const t = this.now();
    return Math.max(0, ...keys.map((k) => {
      const f = this.#failures.get(k);
      return f && t - f.first < this.windowMs ? Math.max(0, f.until - t) : 0;
    }));
  }

  fail(keys: string[]): void {
    const t = this.now();
    for (const k of keys) {
      const f = this.#failures.get(k);
      const fresh = !f || t - f.first >= this.windowMs;
      const count = fresh ? 1 : f.count + 1;
      const over = count - this.free + 1; // from the free-th failure on, each attempt waits
      this.#failures.set(k, { count, first: fresh ? t : f.first, until: over > 0 ? t + Math.min(this.windowMs, 1000 * 2 ** (over - 1)) : 0 });
    }
    if (this.#failures.size > 100_000) this.#failures.clear(); // bounded memory under a flood
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.#failures.delete(k);
  }
}
