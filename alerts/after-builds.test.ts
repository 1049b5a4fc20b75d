import { describe, expect, it } from 'vitest';
import { coalesced } from './after-builds.ts';

/** A task whose runs finish when the test says so. */
function gatedTask() {
  const gates: (() => void)[] = [];
  let started = 0;
  const task = () => {
    started++;
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  const finishOne = async () => {
    await new Promise((r) => setImmediate(r));
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { task, finishOne, started: () => started, waiting: () => gates.length };
}

describe('coalesced (the alert evaluation after builds)', () => {
  it('runs at once when idle (no delay asked), and once more after the run in progress however many requests came meanwhile', async () => {
    const t = gatedTask();
    const c = coalesced(t.task, (err) => { throw err; });
    const first = c.request();
    expect(t.started()).toBe(1);
    const second = c.request();
    const third = c.request();
    // not twice at once
    expect(t.started()).toBe(1);
    let settled = false;
    void second.then(() => { settled = true; });
    await t.finishOne();
    // the requests made during the first run are served by one more run, started after it
    expect(t.started()).toBe(2);
    expect(settled).toBe(false);
    await t.finishOne();
    await Promise.all([first, second, third]);
    expect(settled).toBe(true);
    expect(t.started()).toBe(2);
    await c.idle();
    // idle again: the next request runs at once
    void c.request();
    expect(t.started()).toBe(3);
    await t.finishOne();
    await c.idle();
    expect(t.waiting()).toBe(0);
  });

  it('reports a failed run and runs again on the next request', async () => {
    const errors: string[] = [];
    let n = 0;
    const c = coalesced(async () => {
      n++;
      if (n === 1) throw new Error('the rules could not be read');
    }, (err) => errors.push(err.message));
    await c.request();
    expect(errors).toEqual(['the rules could not be read']);
    await c.request();
    expect(n).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('idle waits for the run in progress and the one asked for after it', async () => {
    const t = gatedTask();
    const c = coalesced(t.task, () => undefined);
    void c.request();
    void c.request();
    let idle = false;
    void c.idle().then(() => { idle = true; });
    await t.finishOne();
    expect(idle).toBe(false);
    await t.finishOne();
    await c.idle();
    expect(idle).toBe(true);
  });
  it('waits the delay before each run, and no longer once hurried', async () => {
    const started: number[] = [];
    const t0 = performance.now();
    const c = coalesced(async () => { started.push(performance.now() - t0); }, (err) => { throw err; }, { delayMs: 200 });
    const first = c.request();
    await new Promise((r) => setTimeout(r, 50));
    // still waiting: a request now joins the run about to start rather than adding one
    expect(started).toEqual([]);
    void c.request();
    await first;
    expect(started).toHaveLength(1);
    expect(started[0]).toBeGreaterThanOrEqual(190);
    await c.idle();
    expect(started).toHaveLength(1);
    // hurried while waiting: the run starts at once, and the next ones without a wait
    const second = c.request();
    c.hurry();
    await second;
    void c.request();
    await c.idle();
    expect(started).toHaveLength(3);
    expect(performance.now() - t0).toBeLessThan(400);
  });
});
