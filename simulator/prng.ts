/**
 * Small seeded random helpers. Everything random in the simulator draws from these so
 * that one seed always yields byte-identical data (tests compare against ground truth,
 * demos must look the same on every run).
 */

export type Rng = () => number;

/** mulberry32: 32-bit state, fast, good enough for simulation (not for crypto). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Hash of a few parts (FNV-1a + murmur finaliser). Used to derive independent streams per
 * unit, so generating a subset of units reproduces exactly those units' documents.
 */
export function hash32(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function streamFor(...parts: ReadonlyArray<string | number>): Rng {
  return mulberry32(hash32(...parts));
}

/** A uniform [0,1) value fixed by its parts, for one-off deterministic traits. */
export function unitFloat(...parts: ReadonlyArray<string | number>): number {
  return hash32(...parts) / 4294967296;
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

/** Inclusive integer range. */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function normal(rng: Rng): number {
  // Box-Muller; 1 - rng() keeps the log argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Poisson count: exact (Knuth) for small means, normal approximation for large ones. */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = rng();
    while (p > limit) {
      k++;
      p *= rng();
    }
    return k;
  }
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(rng)));
}

export function pickWeighted<T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let r = rng() * total;
  for (const [value, w] of items) {
    r -= w;
    if (r < 0) return value;
  }
  return items[items.length - 1]![0];
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
