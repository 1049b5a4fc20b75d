export interface FigureCacheOptions {
  /** the most entries kept */
  maxEntries?: number;
  /** the most bytes kept, by `estimateBytes` of each value */
  maxBytes?: number;
}

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

interface Entry {
  value: Promise<unknown>;
  /** 0 until the value has arrived */
  bytes: number;
}

/**
 * Figures depend only on the built models and the request, so they are kept until the
 * next rebuild. Created at start-up, invalidated by every build. Bounded by bytes as well
 * as entries: a request can name any as_of date or period, so the keys are the caller's
 * to choose, and some values are large (the communes' rates are 140 KB of JSON, and more
 * as objects). The least recently used entries go first.
 */
export class FigureCache {
  #map = new Map<string, Entry>();
  #generation = 0;
  #bytes = 0;
  readonly maxEntries: number;
  readonly maxBytes: number;

  constructor(options: FigureCacheOptions | number = {}) {
    const o = typeof options === 'number' ? { maxEntries: options } : options;
    this.maxEntries = o.maxEntries ?? 2_000;
    this.maxBytes = o.maxBytes ?? DEFAULT_CACHE_BYTES;
  }

  get generation(): number {
    return this.#generation;
  }

  /** The estimated bytes of the values held now. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#map.size;
  }

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.#map.get(key);
    if (hit) {
      // most recently used last
      this.#map.delete(key);
      this.#map.set(key, hit);
      return hit.value as Promise<T>;
    }
    const generation = this.#generation;
    const value = compute();
    const entry: Entry = { value, bytes: 0 };
    this.#map.set(key, entry);
    this.#evict();
    // a failure is not kept, and neither is a result computed across a rebuild
    value.then(
      (v) => {
        if (generation !== this.#generation || this.#map.get(key) !== entry) {
          if (this.#map.get(key) === entry) this.#map.delete(key);
          return;
        }
        entry.bytes = estimateBytes(v);
        this.#bytes += entry.bytes;
        this.#evict();
      },
      () => this.#remove(key, entry),
    );
    return value;
  }

  invalidate(): void {
    this.#generation++;
    this.#map.clear();
    this.#bytes = 0;
  }

  #remove(key: string, entry: Entry): void {
    if (this.#map.get(key) !== entry) return;
    this.#map.delete(key);
    this.#bytes -= entry.bytes;
  }

  #evict(): void {
    for (const [key, entry] of this.#map) {
      if (this.#map.size <= this.maxEntries && this.#bytes <= this.maxBytes) return;
      this.#remove(key, entry);
    }
  }
}

/**
 * Roughly what a value holds in V8's heap: byte arrays by their length, strings at two
 * bytes a character, numbers and booleans at 8, and every object and array 16 bytes of
 * header plus 8 a slot. An estimate on the generous side (V8 stores ASCII strings at one
 * byte a character), so the bound holds.
 */
export function estimateBytes(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 8;
  switch (typeof value) {
    case 'string':
      return 16 + 2 * value.length;
    case 'number':
    case 'boolean':
      return 8;
    case 'bigint':
      return 16;
    case 'object':
      break;
    default:
      return 16;
  }
  if (ArrayBuffer.isView(value)) return 64 + value.byteLength;
  if (value instanceof ArrayBuffer) return 64 + value.byteLength;
  if (depth > 20) return 64;
  let n = 16;
  if (Array.isArray(value)) {
    for (const v of value) n += 8 + estimateBytes(v, depth + 1);
    return n;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) n += 16 + estimateBytes(k, depth + 1) + estimateBytes(v, depth + 1);
    return n;
  }
  for (const [k, v] of Object.entries(value)) n += 8 + 16 + 2 * k.length + estimateBytes(v, depth + 1);
  return n;
}
