/**
 * Figures depend only on the built models and the request, so they are kept until the
 * next rebuild. Created at start-up, invalidated by every build.
 */
export class FigureCache {
  #map = new Map<string, Promise<unknown>>();
  #generation = 0;
  readonly maxEntries: number;

  constructor(maxEntries = 2_000) {
    this.maxEntries = maxEntries;
  }

  get generation(): number {
    return this.#generation;
  }

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.#map.get(key);
    if (hit) return hit as Promise<T>;
    const generation = this.#generation;
    const value = compute();
    if (this.#map.size >= this.maxEntries) this.#map.delete(this.#map.keys().next().value!);
    this.#map.set(key, value);
    // a failure is not kept, and neither is a result computed across a rebuild
    value.then(
      () => { if (generation !== this.#generation) this.#map.delete(key); },
      () => this.#map.delete(key),
    );
    return value;
  }

  invalidate(): void {
    this.#generation++;
    this.#map.clear();
  }
}
