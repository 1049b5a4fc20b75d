import type { Logger } from '../log.ts';
import type { Figures } from '../analytics/figures.ts';
import type { AccessStore } from '../auth/store.ts';
import type { Settings, SourceConfig } from '../config.ts';
import type { ReportDeps } from '../reports/deps.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

/** What the alerts need; built once at start-up and passed down. */
export interface AlertDeps {
  ctx: Warehouse;
  figures: Figures;
  settings: Settings;
  sources: readonly SourceConfig[];
  /** accounts and their scopes, and the audit log */
  store: AccessStore;
  /** the dashboard's address, for links in messages */
  publicUrl: string;
  /** DATA_DIR: .eml files and attachments go under DATA_DIR/outbox/ */
  dataDir: string;
  /** the report writers, for the scheduled deliveries */
  reports: ReportDeps;
  now?: () => Date;
  log?: Logger;
}
