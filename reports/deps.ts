import type { Context } from 'hono';
import type { Figures } from '../analytics/figures.ts';
import type { Settings } from '../config.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import type { NamedSource } from './source-label.ts';

/** A source's freshness as the cover sheet shows it (a subset of ingest's SourceView). */
export interface SourceFreshness {
  id: string;
  last_success_at: string | null;
  stale: boolean;
}

/** What report generation needs; built once at start-up (or by the CLI) and passed down. */
export interface ReportDeps {
  figures: Figures;
  ctx: Warehouse;
  settings: Settings;
  /** the clock: default as_of (today in Vietnam), "generated at", "frozen at" */
  now?: () => Date;
  /** the sources' freshness; by default what the warehouse's source_state records */
  dataFreshness?: () => Promise<readonly SourceFreshness[]>;
  /** every source the service pulls (the configured ones and the demo's): their systems' names; default settings.sources */
  sources?: readonly NamedSource[];
  /** refuses (403) a caller who may not see these units' documents (as analyticsRoutes' documentGuard) */
  documentGuard?: (c: Context, units: string[], period?: { from: string; to: string }) => Promise<void>;
}
