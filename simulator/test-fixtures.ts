/** Shared by the simulator's tests: the real registry and milestones from config/. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { businessDate } from '../time.ts';
import { readUnitsCsv, type Unit } from './registry.ts';
import type { Milestones } from './types.ts';

const configDir = fileURLToPath(new URL('../config/', import.meta.url));

export const REGISTRY: readonly Unit[] = readUnitsCsv(`${configDir}units.csv`);
export const MILESTONES: Milestones = (JSON.parse(readFileSync(`${configDir}settings.json`, 'utf8')) as { milestones: Milestones }).milestones;

/** Local (Asia/Ho_Chi_Minh) date of a canonical instant. */
export function localDate(isoZ: string): string {
  return businessDate(isoZ);
}
