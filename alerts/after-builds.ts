/**
 * A task run in the background after something changed, never twice at once: a request while
 * it runs asks for one more run after the current one (however many requests came), which
 * then sees every change made before it started. Used after each model build (service.ts)
 * for the alert rules' evaluation (the rules read the figures, so they need the build
 * finished, but the figures do not need the rules, and a source's run answers without
 * waiting for them) and for the write-ahead log's checkpoint (warehouse/checkpoint.ts).
 */
export interface Coalesced {
  /** runs the task (after the delay), or once more after the run in progress; resolves when that run has finished */
  request(): Promise<void>;
  /** resolves when no run is in progress or asked for */
  idle(): Promise<void>;
  /** no more delays, the one being waited out included (when closing) */
  hurry(): void;
}

export interface CoalescedOptions {
  /**
   * how long a run waits before it starts (ms): the requests that follow a change (a
   * dashboard's, after a source's run) go first instead of sharing the CPU with it
   */
  delayMs?: number;
}

/** `task`'s failures go to `onError`: a failed run is not retried until the next request. */
export function coalesced(task: () => Promise<unknown>, onError: (err: Error) => void, options: CoalescedOptions = {}): Coalesced {
  let running: Promise<void> | undefined;
  let again = false;
  let hurried = false;
  // a run waiting out its delay has not started: a request then is served by it
  let waiting = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const loop = async () => {
    do {
      again = false;
      if (options.delayMs && !hurried) {
        waiting = true;
        await pause(options.delayMs);
      }
      waiting = false;
      wake = undefined;
      try {
        await task();
      } catch (err) {
        onError(err instanceof Error ? err : new Error(String(err)));
      }
    } while (again);
    running = undefined;
  };
  return {
    request() {
      if (running) {
        if (!waiting) again = true;
        return running;
      }
      running = loop();
      return running;
    },
    idle: () => running ?? Promise.resolve(),
    hurry() {
      hurried = true;
      wake?.();
    },
  };
}
