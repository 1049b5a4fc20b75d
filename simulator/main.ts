/**
 * Runs the simulated province standalone:
 *   npx tsx simulator/main.ts --port 8788 --scale 1 [--seed 15] [--now ISO] [--token T]
 *     [--faults '{"errorRate":0.1}'] [--units config/units.csv] [--settings config/settings.json]
 * Reads the registry (with map-changes.csv and map-successors.csv beside it) and milestones
 * itself so it needs nothing else from the service. Without --now its clock is the real
 * one and its documents run from 2020 to today, on as the days pass; with --now, to that
 * instant's date, the clock held there.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { localDayOf, dayIso, parseInstant } from './local-time.ts';
import { timelineBeside } from './map.ts';
import { readUnitsCsv } from './registry.ts';
import { startSimulator } from './server.ts';
import type { FaultConfig } from './faults.ts';
import type { Milestones } from './types.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    host: { type: 'string', default: '127.0.0.1' },
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '15' },
    now: { type: 'string' },
    token: { type: 'string' },
    faults: { type: 'string' },
    units: { type: 'string', default: `${repoRoot}config/units.csv` },
    settings: { type: 'string', default: `${repoRoot}config/settings.json` },
  },
  strict: true,
});

function num(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${JSON.stringify(text)}`);
  return n;
}

const settings = JSON.parse(readFileSync(values.settings, 'utf8')) as { milestones?: Milestones };
if (!settings.milestones) throw new Error(`${values.settings} has no milestones`);
const units = readUnitsCsv(values.units);
const seed = num('seed', values.seed);
const nowMs = values.now === undefined ? null : parseInstant(values.now);
if (nowMs === null && values.now !== undefined) throw new Error(`--now must be an ISO instant, got ${JSON.stringify(values.now)}`);
const started = performance.now();
const sim = await startSimulator({
  port: num('port', values.port),
  host: values.host,
  units,
  milestones: settings.milestones,
  seed,
  scale: num('scale', values.scale),
  timeline: timelineBeside(values.units, units, seed),
  ...(nowMs !== null ? { now: values.now, to: dayIso(localDayOf(nowMs)) } : { live: true }),
  ...(values.token ? { token: values.token } : {}),
  ...(values.faults ? { faults: JSON.parse(values.faults) as FaultConfig } : {}),
});
const docs = sim.groundTruth().length;
console.log(`simulator: ${units.length} units, ${docs} documents as of the sim clock, ready in ${Math.round(performance.now() - started)} ms`);
console.log(`simulator: listening on ${sim.url} (GET /systems, /systems/:id/export)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
