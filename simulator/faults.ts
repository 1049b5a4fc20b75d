import { streamFor, type Rng } from './prng.ts';
import { CORRUPTIONS, type Corruption } from './systems.ts';

/**
 * Fault injection for the export endpoint. Probabilities are drawn from a PRNG of their
 * own (seeded from the simulator seed), so a test run with the same seed and the same
 * request sequence sees the same faults, while the data stays untouched.
 */
export interface FaultConfig {
  /** accept the request and never answer within timeoutMs */
  timeoutRate?: number;
  /** how long a timed-out request is held before its socket is dropped (default 60 s) */
  timeoutMs?: number;
  /** HTTP 500 with a JSON body */
  errorRate?: number;
  /** status 200, chunked, body cut in the middle of a row */
  truncateRate?: number;
  /** serve the previous page's rows again as this page; X-Next-Page then points at this page again */
  duplicatePageRate?: number;
  /** per row: one field corrupted; transient (a repeated request draws afresh) */
  malformedRate?: number;
}

export interface RequestFaults {
  timeout: boolean;
  error: boolean;
  truncate: boolean;
  duplicate: boolean;
}

const RATE_KEYS = ['timeoutRate', 'errorRate', 'truncateRate', 'duplicatePageRate', 'malformedRate'] as const;
export const DEFAULT_TIMEOUT_MS = 60_000;

export function validateFaults(config: FaultConfig): Required<FaultConfig> {
  for (const key of RATE_KEYS) {
    const v = config[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1)) throw new Error(`fault ${key} must be a probability 0..1, got ${v}`);
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new Error(`fault timeoutMs must be positive, got ${timeoutMs}`);
  return {
    timeoutRate: config.timeoutRate ?? 0,
    timeoutMs,
    errorRate: config.errorRate ?? 0,
    truncateRate: config.truncateRate ?? 0,
    duplicatePageRate: config.duplicatePageRate ?? 0,
    malformedRate: config.malformedRate ?? 0,
  };
}

export class FaultInjector {
  private readonly seed: number;
  private rng: Rng;
  private current: Required<FaultConfig>;

  constructor(seed: number, config: FaultConfig = {}) {
    this.seed = seed;
    this.current = validateFaults(config);
    this.rng = this.streamOf(this.current);
  }

  /** The stream depends on seed and configuration only: setting the same faults again replays the same draws. */
  private streamOf(config: Required<FaultConfig>): Rng {
    return streamFor(this.seed, 'faults', JSON.stringify(config));
  }

  get config(): Readonly<Required<FaultConfig>> {
    return this.current;
  }

  /** Replaces the configuration and restarts the fault stream, so a run is reproducible from here. */
  set(config: FaultConfig): void {
    this.current = validateFaults(config);
    this.rng = this.streamOf(this.current);
  }

  /** Always four draws per request, whatever fires, so later draws do not depend on earlier outcomes. */
  drawRequest(): RequestFaults {
    const c = this.current;
    const t = this.rng();
    const e = this.rng();
    const tr = this.rng();
    const d = this.rng();
    return { timeout: t < c.timeoutRate, error: e < c.errorRate, truncate: tr < c.truncateRate, duplicate: d < c.duplicatePageRate };
  }

  /** A corruption for one row, or null. No draws at all when malformed rows are off. */
  drawRow(): Corruption | null {
    if (this.current.malformedRate <= 0) return null;
    if (this.rng() >= this.current.malformedRate) return null;
    return CORRUPTIONS[Math.floor(this.rng() * CORRUPTIONS.length)]!;
  }
}

/**
 * Cuts an export body roughly in the middle of a data row (a JSON object for JSON), the
 * way a dropped connection would; an empty page is cut inside its header instead.
 */
export function truncateBody(body: string, format: 'csv' | 'json'): string {
  if (format === 'json') {
    const mid = Math.floor(body.length / 2);
    const start = body.lastIndexOf('{', mid);
    const end = body.indexOf('}', mid);
    if (start < 0 || end < 0) return body.slice(0, Math.max(1, mid));
    return body.slice(0, start + Math.max(1, Math.floor((end - start) / 2)));
  }
  const headerEnd = body.indexOf('\n') + 1;
  if (headerEnd <= 0 || headerEnd >= body.length) return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
  const mid = headerEnd + Math.floor((body.length - headerEnd) / 2);
  const start = Math.max(headerEnd, body.lastIndexOf('\n', mid - 1) + 1);
  let end = body.indexOf('\n', start);
  if (end < 0) end = body.length;
  if (body[end - 1] === '\r') end--;
  return body.slice(0, start + Math.max(1, Math.floor((end - start) / 2)));
}
