import type { HttpSourceConfig } from '../../config.ts';
import { readUnitsCsv, selectUnits, startSimulator, SYSTEM_FORMAT, type FaultConfig, type SimDocument, type Simulator, type SystemId } from '../../simulator/index.ts';
import type { TestWarehouse } from './warehouse.ts';
import { repoRoot } from './warehouse.ts';

/** A small simulated province: one unit of each system (with its communes), at a small scale. */
export async function smallProvince(opts: { codes?: string[]; scale?: number; now?: string; faults?: FaultConfig; token?: string } = {}): Promise<Simulator> {
  const all = readUnitsCsv(`${repoRoot}/config/units.csv`);
  return startSimulator({
    units: selectUnits(all, opts.codes ?? ['P01', '380', '381', '384']),
    milestones: { province: '2020-05-22', district: '2020-07-01', commune: '2020-09-01' },
    scale: opts.scale ?? 0.2,
    token: opts.token ?? 'test-token',
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
  });
}

export function simSource(sim: Simulator, system: SystemId, over: Partial<HttpSourceConfig> = {}): HttpSourceConfig {
  return {
    id: `sim-${system}`,
    kind: 'http',
    url: `${sim.url}/systems/${system}/export`,
    schedule: '*/15 * * * *',
    headers: { Authorization: 'Bearer test-token' },
    format: SYSTEM_FORMAT[system],
    ...(system === 'voffice' ? { mapping: 'voffice' } : {}),
    timeoutMs: 5_000,
    retry: { attempts: 3, backoffMs: 10 },
    pageSize: 500,
    enabled: true,
    ...over,
  };
}

const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString().replace('.000Z', 'Z'));

/** The warehouse's documents and the simulator's ground truth, in one comparable shape. */
export async function compareWithTruth(w: TestWarehouse, truth: readonly SimDocument[]) {
  const got = await w.rows<Record<string, unknown>>(`
    SELECT unit_code, doc_id, direction, number, doc_type, doc_date::VARCHAR AS doc_date, cds_iso(event_time) AS event_time,
           security, channel, signed, deadline::VARCHAR AS deadline, cds_iso(completed_time) AS completed_time
    FROM documents ORDER BY unit_code, doc_id`);
  const want = [...truth]
    .map((d) => ({
      unit_code: d.unit_code, doc_id: d.doc_id, direction: d.direction, number: d.number, doc_type: d.doc_type,
      doc_date: d.doc_date, event_time: iso(d.event_time), security: d.security, channel: d.channel, signed: d.signed,
      deadline: d.deadline, completed_time: iso(d.completed_time),
    }))
    .sort((a, b) => (a.unit_code < b.unit_code ? -1 : a.unit_code > b.unit_code ? 1 : a.doc_id < b.doc_id ? -1 : a.doc_id > b.doc_id ? 1 : 0));
  return { got, want };
}
