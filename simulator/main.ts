/**
 * Runs the simulated province standalone:
 *   npx tsx simulator/main.ts --port 8788 --scale 1 [--seed 15] [--now ISO] [--token T]
 *     [--faults '{"errorRate":0.1}'] [--units config/units.csv] [--settings config/settings.json]
 * Reads the registry and milestones itself so it needs nothing else from the service.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
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
const started = performance.now();
const sim = await startSimulator({
  port: num('port', values.port),
  host: values.host,
  units,
  milestones: settings.milestones,
  seed: num('seed', values.seed),
  scale: num('scale', values.scale),
  ...(values.now ? { now: values.now } : {}),
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
