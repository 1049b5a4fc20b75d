import { describe, expect, it } from 'vitest';
import { HashingGate, LoginThrottle } from './throttle.ts';

const clock = () => {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

/** n attempts that all fail (nothing calls succeed): how many were let through. */
function fail(th: LoginThrottle, n: number, user: string, ip: string): number {
  let passed = 0;
  for (let i = 0; i < n; i++) if (th.attempt(user, ip).ok) passed++;
  return passed;
}

describe('the sign-in throttle', () => {
  it('counts an attempt when it starts: a burst gets the pair allowance and no more', () => {
    const c = clock();
    const th = new LoginThrottle({}, c.now);
    // 30 attempts "in parallel": none has finished (failed or succeeded) before the next starts
    expect(fail(th, 30, 'victim', '10.0.0.1')).toBe(5);
    const refused = th.attempt('victim', '10.0.0.1');
    expect(refused).toEqual({ ok: false, waitMs: 1000 });
  });

  it('slows the attacker down 1 s, 2 s, 4 s … but never locks the pair for long after a short burst', () => {
    const c = clock();
    const th = new LoginThrottle({}, c.now);
    fail(th, 5, 'victim', '10.0.0.1');
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = th.attempt('victim', '10.0.0.1');
      expect(r.ok).toBe(false);
      waits.push((r as { waitMs: number }).waitMs);
      c.advance(waits.at(-1)!);
      expect(th.attempt('victim', '10.0.0.1').ok).toBe(true); // after the wait, one more try
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
  });

  it('lets the owner in from an address that has not been failing while the name is guessed elsewhere', () => {
    const c = clock();
    const th = new LoginThrottle({}, c.now);
    // 10 addresses try 5 guesses each: once the name's own allowance (20) is spent, a new
    // address gets one guess, after which it is a failing address
    for (let a = 0; a < 10; a++) expect(fail(th, 5, 'victim', `10.0.1.${a}`)).toBe(a < 4 ? 5 : 1);
    expect(th.failures('user', 'victim', null)).toBe(26);
    // a failing address can no longer try this name (beyond its own pair allowance it waits)…
    expect(th.attempt('victim', '10.0.2.1').ok).toBe(true);
    expect(th.attempt('victim', '10.0.2.1').ok).toBe(false);
    // …but the owner's address, clean, gets in; and the success takes back its attempt only
    const mine = th.attempt('victim', '192.168.1.20');
    expect(mine.ok).toBe(true);
    th.succeed((mine as { attempt: Parameters<LoginThrottle['succeed']>[0] }).attempt);
    expect(th.failures('user', 'victim', null)).toBe(27);
    expect(th.failures('address', null, '192.168.1.20')).toBe(0);
  });

  it('does not reset another name or the address when someone signs in to their own account', () => {
    const c = clock();
    const th = new LoginThrottle({}, c.now);
    const ip = '10.0.0.9';
    let guessesLetThrough = 0;
    for (let round = 0; round < 20; round++) {
      // four wrong guesses against other names, then a right sign-in to one's own account
      for (let k = 0; k < 4; k++) if (th.attempt(`name-${round}-${k}`, ip).ok) guessesLetThrough++;
      const own = th.attempt('attacker', ip);
      if (own.ok) th.succeed(own.attempt);
    }
    expect(guessesLetThrough).toBe(30); // the address's allowance, not 80
    expect(th.failures('address', null, ip)).toBe(30);
    // and one name's failures survive a success on another name from the same address
    const th2 = new LoginThrottle({}, c.now);
    expect(fail(th2, 4, 'colleague', ip)).toBe(4);
    const own = th2.attempt('attacker', ip);
    if (own.ok) th2.succeed(own.attempt);
    expect(th2.failures('pair', 'colleague', ip)).toBe(4);
    expect(fail(th2, 3, 'colleague', ip)).toBe(1);
  });

  it('a success clears its own pair, and failures are forgotten after the window', () => {
    const c = clock();
    const th = new LoginThrottle({}, c.now);
    expect(fail(th, 4, 'u', '10.0.0.2')).toBe(4);
    const ok = th.attempt('u', '10.0.0.2');
    expect(ok.ok).toBe(true);
    th.succeed((ok as { attempt: Parameters<LoginThrottle['succeed']>[0] }).attempt);
    expect(th.failures('pair', 'u', '10.0.0.2')).toBe(0);
    expect(th.failures('user', 'u', null)).toBe(4);
    c.advance(15 * 60_000);
    expect(th.failures('user', 'u', null)).toBe(0);
    expect(th.failures('address', null, '10.0.0.2')).toBe(0);
  });
});

describe('the hashing gate', () => {
  it('runs at most 2 password checks per address, queues 4 more and refuses the rest', async () => {
    const gate = new HashingGate(2, 4);
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const job = () => gate.run('10.0.0.1', async () => {
      peak = Math.max(peak, ++running);
      await new Promise<void>((r) => release.push(r));
      running--;
      return 'checked';
    });
    const jobs = Array.from({ length: 10 }, job);
    const other = gate.run('10.0.0.2', async () => 'other address');
    expect(await other).toBe('other address');
    await new Promise((r) => setTimeout(r, 10));
    expect(gate.inFlight('10.0.0.1')).toBe(6);
    while (release.length > 0 || running > 0) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    const results = await Promise.all(jobs);
    expect(results.filter((r) => r === 'checked')).toHaveLength(6);
    expect(results.filter((r) => r === undefined)).toHaveLength(4);
    expect(peak).toBe(2);
    expect(gate.inFlight('10.0.0.1')).toBe(0);
  });
});
