import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsSchema, type Settings } from '../../config.ts';
import { repoRoot } from './warehouse.ts';

/** The project's settings with an `alerts` block of the test's own. */
export function settingsWithAlerts(alerts: unknown): Settings {
  const json = JSON.parse(readFileSync(join(repoRoot, 'config/settings.json'), 'utf8')) as Record<string, unknown>;
  return settingsSchema.parse({ ...json, alerts });
}
