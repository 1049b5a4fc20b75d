/**
 * Serialises the writers of the one process that owns the database (loads, model builds,
 * freezes): DuckDB takes one writer at a time, and loads must not interleave.
 */
export class WriteLock {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  get pending(): number {
    return this.#pending;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    this.#pending++;
    const next = this.#tail.then(fn, fn);
    this.#tail = next.catch(() => undefined).finally(() => this.#pending--);
    return next;
  }
}
