/** Shared by the simulator's tests: the real registry and milestones from config/. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readUnitsCsv, type Unit } from './registry.ts';
import type { Milestones } from './types.ts';

const configDir = fileURLToPath(new URL('../config/', import.meta.url));

export const REGISTRY: readonly Unit[] = readUnitsCsv(`${configDir}units.csv`);
export const MILESTONES: Milestones = (JSON.parse(readFileSync(`${configDir}settings.json`, 'utf8')) as { milestones: Milestones }).milestones;

/** Local (UTC+7) date of a canonical instant. */
export function localDate(isoZ: string): string {
  return new Date(Date.parse(isoZ) + 7 * 3_600_000).toISOString().slice(0, 10);
}
