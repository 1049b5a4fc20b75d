import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from './database.ts';
import { readRows, runScript, sqlFile } from './sql.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { mapFilesBeside, mapMembers, readRegistry, RegistryError, teamAssignments, type Registry } from './registry.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

/**
 * Loads the configuration that figures depend on (units registry, milestones, inspection
 * teams) into the database, in one transaction, and refuses a registry that would make
 * figures wrong.
 */
export async function loadReference(db: Database, config: Pick<Config, 'unitsFile' | 'settings'>): Promise<{ units: number; changed: boolean }> {
  const { settings } = config;
  const registry = readVersionedRegistry(config.unitsFile);
  const assignments = teamAssignments(registry, settings.teams);
  if (assignments.problems.length > 0) {
    throw new AppError(500, 'registry_invalid', `The inspection teams' assignments do not fit the map (Phân công tổ công tác không khớp danh mục đơn vị):\n- ${assignments.problems.map((p) => `${p.en}\n  ${p.vi}`).join('\n- ')}`);
  }
  const contentHash = async (conn: DuckDBConnection) => String((await readRows(conn, q('reference-content')))[0]?.['hash']);
  return db.withConnection(async (conn) => {
    await conn.run('BEGIN TRANSACTION');
    try {
      const before = await contentHash(conn);
      try {
        await runScript(conn, q('reference-units'), { path: config.unitsFile });
      } catch (err) {
        throw new AppError(500, 'registry_invalid', `Cannot load the units registry ${config.unitsFile}: ${(err as Error).message}`);
      }
      await runScript(conn, q('reference-map'), mapParams(registry));
      await runScript(conn, q('reference-settings-clear'));
      for (const [level, date] of Object.entries(settings.milestones)) {
        await runScript(conn, q('reference-milestone-insert'), { level, date });
      }
      for (const team of settings.teams) {
        await runScript(conn, q('reference-team-insert'), { team_id: team.id, name: team.name.normalize('NFC'), lead: team.lead.normalize('NFC') });
        for (const unit of team.units) await runScript(conn, q('reference-team-unit-insert'), { team_id: team.id, unit_code: unit });
      }
      await runScript(conn, q('reference-team-assignments'), { assignments: JSON.stringify(assignments.rows) });
      const problems = await readRows(conn, q('reference-check'));
      if (problems.length > 0) {
        throw new AppError(500, 'registry_invalid', `The units registry or team assignment is inconsistent:\n- ${problems.map((p) => p['problem']).join('\n- ')}`);
      }
      const office = (await readRows(conn, q('reference-unit-level'), { code: settings.provincialOffice }))[0];
      if (office?.['level'] !== 'province') {
        throw new AppError(500, 'registry_invalid', `provincialOffice "${settings.provincialOffice}" is not a provincial body of the units registry`);
      }
      const count = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM units`)).getRowObjectsJS()[0]?.['n'] as number;
      // Unchanged (the usual start): keep the rows as they were. Committing the same rows
      // again would leave DuckDB counting every deleted copy in its row estimates (tens of
      // thousands of "units" after a few dozen starts), which can turn its join plans round.
      const changed = (await contentHash(conn)) !== before;
      await conn.run(changed ? 'COMMIT' : 'ROLLBACK');
      return { units: count, changed };
    } catch (err) {
      await conn.run('ROLLBACK');
      throw err;
    }
  });
}

/**
 * The versioned registry (warehouse/registry.ts): units.csv and, beside it, map-changes.csv
 * and map-successors.csv when the deployment has them. Refused, with every problem named
 * in English and Vietnamese, when it breaks a rule of checkRegistry.
 */
export function readVersionedRegistry(unitsFile: string): Registry {
  const files = mapFilesBeside(unitsFile);
  try {
    return readRegistry(unitsFile, files.changes, files.successors);
  } catch (err) {
    if (err instanceof RegistryError) {
      throw new AppError(500, 'registry_invalid', `The units registry is inconsistent (Danh mục đơn vị không hợp lệ):\n- ${err.problems.map((p) => `${p.en}\n  ${p.vi}`).join('\n- ')}`);
    }
    throw new AppError(500, 'registry_invalid', `Cannot read the units registry beside ${unitsFile}: ${(err as Error).message}`);
  }
}

function mapParams(registry: Registry): Record<string, string> {
  return {
    versions: JSON.stringify(registry.versions.map(({ origin: _, ...v }) => v)),
    successors: JSON.stringify(registry.successions.map((s) => ({ code: s.code, valid_to: s.valid_to, successor_code: s.successor_code, is_main: s.main, same_unit: s.same_unit }))),
    members: JSON.stringify(mapMembers(registry)),
  };
}
