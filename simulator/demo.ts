import { randomBytes } from 'node:crypto';
import type { Config, HttpSourceConfig } from '../config.ts';
import { readUnitsCsv, startSimulator, SYSTEM_FORMAT, timelineBeside, type Simulator, type SystemId } from './index.ts';

export interface Demo {
  simulator: Simulator;
  sources: HttpSourceConfig[];
  close(): Promise<void>;
}

const SEED = 15;

/** the names the demo's systems are shown by (a document's source in the work list) */
const DEMO_NAMES: Record<SystemId, string> = { tdoffice: 'TDOffice (mô phỏng)', ioffice: 'iOffice (mô phỏng)', voffice: 'VOffice (mô phỏng)', 'ioffice-v1': 'iOffice bản cũ (mô phỏng)' };

/**
 * The demo province: the simulator of the units' document systems, on a loopback port,
 * and one HTTP source per system pulling from it every 15 minutes, as a deployment would
 * configure its real systems (the old iOffice installation of Quan Sơn is a source of its
 * own: its export lacks the sender and processed columns). Its clock is the real one: the
 * documents run from 2020 to today on the map in force each day, and each pull brings the
 * ones issued since.
 */
export async function startDemo(config: Pick<Config, 'unitsFile' | 'settings' | 'simulatorScale'>): Promise<Demo> {
  const token = randomBytes(18).toString('base64url');
  const units = readUnitsCsv(config.unitsFile);
  const simulator = await startSimulator({
    units,
    milestones: config.settings.milestones,
    scale: config.simulatorScale,
    token,
    // to today, on the map in force each day, and on as the days pass
    timeline: timelineBeside(config.unitsFile, units, SEED),
    live: true,
  });
  const mappings: Record<SystemId, string | undefined> = { tdoffice: undefined, ioffice: undefined, voffice: 'voffice', 'ioffice-v1': undefined };
  const sources = (Object.keys(mappings) as SystemId[]).map((system): HttpSourceConfig => ({
    id: `demo-${system}`,
    kind: 'http',
    name: DEMO_NAMES[system],
    url: `${simulator.url}/systems/${system}/export`,
    schedule: '*/15 * * * *',
    headers: { Authorization: `Bearer ${token}` },
    format: SYSTEM_FORMAT[system],
    ...(mappings[system] ? { mapping: mappings[system] } : {}),
    timeoutMs: 30_000,
    retry: { attempts: 3, backoffMs: 1_000 },
    pageSize: 20_000,
    enabled: true,
  }));
  return { simulator, sources, close: () => simulator.close() };
}
