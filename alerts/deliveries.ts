import type { Job } from '../ingest/scheduler.ts';
import type { AlertDeps } from './deps.ts';

/** The scheduled deliveries (filled in below). */
export function deliveryJobs(_deps: AlertDeps, _kick: () => void): Job[] {
  return [];
}
