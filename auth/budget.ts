import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A request budget per signed-in user (whether through sessions or API tokens): a token
 * bucket holding `perMinute / 4` requests (a burst: the dashboard asks for a dozen figures
 * at once) and refilled at `perMinute` a minute. A request beyond it is answered 429 with
 * Retry-After, before any work is done. One user's budget is shared by all their sessions
 * and tokens, so opening more of them does not buy more.
 */
export class RequestBudget {
  readonly #buckets = new Map<string, Bucket>();
  readonly capacity: number;
  readonly perMs: number;

  constructor(readonly perMinute: number, private readonly now: () => number = Date.now) {
    this.capacity = Math.max(1, Math.floor(perMinute / 4));
    this.perMs = perMinute / 60_000;
  }

  /** Takes one request from the user's budget: 0 if it was there, else the milliseconds until it will be. */
  take(user: string): number {
    const t = this.now();
    const b = this.#buckets.get(user) ?? { tokens: this.capacity, at: t };
    b.tokens = Math.min(this.capacity, b.tokens + (t - b.at) * this.perMs);
    b.at = t;
    this.#buckets.set(user, b);
    if (this.#buckets.size > 50_000) this.#forgetFull(t);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.perMs);
  }

  /** Users whose bucket has filled up again are the same as users never seen. */
  #forgetFull(t: number): void {
    for (const [k, b] of this.#buckets) if (b.tokens + (t - b.at) * this.perMs >= this.capacity) this.#buckets.delete(k);
  }
}

/** Runs after access control (it needs the principal); requests without one are not counted here. */
export function requestBudget(budget: RequestBudget | null): MiddlewareHandler {
  return async (c, next) => {
    const p = c.get('principal');
    if (budget && p) {
      const waitMs = budget.take(p.username);
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        c.header('retry-after', String(seconds));
        throw new AppError(429, 'too_many_requests', `Too many requests from ${p.username}: at most ${budget.perMinute} a minute; try again in ${seconds} s.`);
      }
    }
    return next();
  };
}
