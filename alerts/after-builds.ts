/**
 * A task run in the background after something changed, never twice at once: a request while
 * it runs asks for one more run after the current one (however many requests came), which
 * then sees every change made before it started. Used for the alert rules' evaluation after
 * each model build (service.ts): the rules read the figures, so they need the build finished,
 * but the figures do not need the rules, and a source's run answers without waiting for them.
 */
export interface Coalesced {
  /** runs the task now, or once more after the run in progress; resolves when that run has finished */
  request(): Promise<void>;
  /** resolves when no run is in progress or asked for */
  idle(): Promise<void>;
}

/** `task`'s failures go to `onError`: a failed run is not retried until the next request. */
export function coalesced(task: () => Promise<unknown>, onError: (err: Error) => void): Coalesced {
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async () => {
    do {
      again = false;
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
        again = true;
        return running;
      }
      running = loop();
      return running;
    },
    idle: () => running ?? Promise.resolve(),
  };
}
